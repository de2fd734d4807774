using FakeAI.Server.Engine.Calibration;

namespace FakeAI.Cli.Calibrate;

/// <summary>What <c>fakeai calibrate</c> measures and how it judges the fit.</summary>
internal sealed record CalibrationSettings
{
    public required Uri Url { get; init; }

    public required string Model { get; init; }

    public string? ApiKey { get; init; }

    /// <summary>Closed-loop client counts, each run at every prompt length; enough levels past the batch limit show the knee.</summary>
    public IReadOnlyList<int> Concurrency { get; init; } = [1, 2, 4, 8, 16];

    /// <summary>Prompt lengths: a short and a long one separate the cost of prefill from that of decode.</summary>
    public IReadOnlyList<int> PromptTokens { get; init; } = [64, 512];

    public int OutputTokens { get; init; } = 32;

    /// <summary>Requests per client at each level (at least 16 per level), so the median and throughput settle.</summary>
    public int RequestsPerClient { get; init; } = 4;

    /// <summary>The real engine's token budget per step (vLLM's <c>--max-num-batched-tokens</c>), taken as given.</summary>
    public int MaxNumBatchedTokens { get; init; } = 8_192;

    /// <summary>The largest cell error (TTFT p50, ITL or throughput, relative) a fit may leave and still be written.</summary>
    public double MaxError { get; init; } = 0.15;

    public int Seed { get; init; } = 42;

    public IEnumerable<SweepPoint> Points() =>
        from prompt in PromptTokens
        from concurrency in Concurrency
        select new SweepPoint(concurrency, prompt, OutputTokens, Math.Max(16, RequestsPerClient * concurrency));

    /// <summary>Every problem at once, each naming its option.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Concurrency.Count == 0 || Concurrency.Any(c => c < 1))
        {
            errors.Add("--concurrency: give one or more levels, each at least 1");
        }

        if (PromptTokens.Count == 0 || PromptTokens.Any(p => p < 1))
        {
            errors.Add("--isl: give one or more prompt lengths, each at least 1 token");
        }

        if (OutputTokens < 2)
        {
            errors.Add($"--osl: must be at least 2 tokens, so every request has an inter-token latency (got {OutputTokens})");
        }

        if (RequestsPerClient < 1)
        {
            errors.Add($"--requests-per-client: must be at least 1 (got {RequestsPerClient})");
        }

        if (MaxNumBatchedTokens < 1)
        {
            errors.Add($"--max-num-batched-tokens: must be at least 1 (got {MaxNumBatchedTokens})");
        }

        if (!double.IsFinite(MaxError) || MaxError <= 0)
        {
            errors.Add(FormattableString.Invariant($"--max-error: must be a fraction above 0, e.g. 0.15 (got {MaxError})"));
        }

        return errors;
    }
}
