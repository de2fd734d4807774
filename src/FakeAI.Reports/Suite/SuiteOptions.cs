using FakeAI.Bench;

namespace FakeAI.Reports.Suite;

/// <summary>What <c>fakeai suite</c> runs; the defaults are the Python FakeAI's automated runner.</summary>
public sealed record SuiteOptions
{
    public static readonly IReadOnlyList<string> DefaultModels = ["openai/gpt-oss-120b", "meta-llama/Llama-3.1-8B-Instruct", "deepseek-ai/DeepSeek-R1"];

    public static readonly IReadOnlyList<int> DefaultConcurrency = [10, 50, 100, 250, 500];

    public required string Url { get; init; }

    public string? ApiKey { get; init; }

    public IReadOnlyList<string> Models { get; init; } = DefaultModels;

    /// <summary>Replaces the concurrency list (full: 10 50 100 250 500; quick: 50).</summary>
    public IReadOnlyList<int>? Concurrency { get; init; }

    public bool Quick { get; init; }

    public string ArtifactDir { get; init; } = "artifacts";

    public EndpointType EndpointType { get; init; } = EndpointType.Chat;

    /// <summary>Warm the client and server up before the first measured run (default true; <c>--no-warmup</c>).</summary>
    public bool Warmup { get; init; } = true;

    /// <summary>The server's latency settings in one line when known (the embedded server's), for the report; null for a server at <c>--url</c>.</summary>
    public string? ServerSettings { get; init; }

    /// <summary>Every problem at once, one line each.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Models.Count == 0 || Models.Any(string.IsNullOrWhiteSpace))
        {
            errors.Add("--models needs at least one model name");
        }

        if (Concurrency is { } list && (list.Count == 0 || list.Any(c => c < 1)))
        {
            errors.Add("--concurrency values must be >= 1");
        }

        if (string.IsNullOrWhiteSpace(ArtifactDir))
        {
            errors.Add("--artifact-dir must not be empty");
        }

        return errors;
    }
}
