using System.Globalization;
using System.Text.Json;

namespace FakeAI.Cli.Tests.Profile;

/// <summary>Every endpoint type through <c>fakeai profile</c> against an in-process server: all requests succeed and
/// the exports hold exactly the metrics that apply to the type.</summary>
public sealed class EndpointTypeProfileTests : IDisposable
{
    private static readonly string[] TokenRows = ["output_sequence_length", "output_token_throughput", "total_osl"];
    private static readonly string[] StreamingRows = ["time_to_first_token", "inter_token_latency", "time_to_second_token"];
    private static readonly string[] CommonRows = ["request_latency", "request_throughput", "request_count", "input_sequence_length", "total_isl", "benchmark_duration"];

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "fakeai-endpoints-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static JsonElement ReadJsonExport(string directory) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "profile_export_aiperf.json"))).RootElement.Clone();

    [Theory]
    [InlineData("chat", true)]
    [InlineData("chat", false)]
    [InlineData("completions", true)]
    [InlineData("completions", false)]
    [InlineData("embeddings", false)]
    [InlineData("rankings", false)]
    public async Task Every_endpoint_type_succeeds_and_reports_the_metrics_that_apply(string type, bool streaming)
    {
        const int count = 12;
        var artifacts = Path.Combine(_directory, type + (streaming ? "-streaming" : ""));
        var args = new List<string>
        {
            "profile", "-m", "openai/gpt-oss-20b", "--endpoint-type", type, "--request-count", count.ToString(CultureInfo.InvariantCulture),
            "--concurrency", "4", "--isl", "40", "--osl", "12", "--ttft", "1", "--itl", "1", "--ui", "none", "--artifact-dir", artifacts,
            "--rankings-passages-mean", "3", "--rankings-passages-prompt-token-mean", "16",
        };
        if (streaming)
        {
            args.Add("--streaming");
        }

        var (exitCode, output) = await CliRunner.RunAsync([.. args]);

        Assert.True(exitCode == 0, output);
        Assert.Contains($"Requests: {count} succeeded, 0 failed", output, StringComparison.Ordinal);
        var export = ReadJsonExport(artifacts);
        Assert.Equal(count, export.GetProperty("request_count").GetProperty("avg").GetDouble());
        Assert.All(CommonRows, tag => Assert.True(export.TryGetProperty(tag, out _), $"{type}: {tag} missing"));
        var producesTokens = type is "chat" or "completions";
        Assert.All(TokenRows, tag => Assert.Equal(producesTokens, export.TryGetProperty(tag, out _)));
        Assert.All(StreamingRows, tag => Assert.Equal(producesTokens && streaming, export.TryGetProperty(tag, out _)));

        // Per-user throughput needs an ITL above 0, which tokens flushed together on a busy machine may not show.
        Assert.True(producesTokens && streaming || !export.TryGetProperty("output_token_throughput_per_user", out _));
        Assert.False(export.TryGetProperty("error_request_count", out _));

        var isl = export.GetProperty("input_sequence_length").GetProperty("avg").GetDouble();
        Assert.Equal(type == "rankings" ? 32 + (3 * 16) : 40, isl);
        if (producesTokens)
        {
            Assert.Equal(12, export.GetProperty("output_sequence_length").GetProperty("avg").GetDouble());
        }

        var title = type switch { "embeddings" => "Embeddings Metrics", "rankings" => "Rankings Metrics", _ => "LLM Metrics" };
        Assert.Contains(title, output, StringComparison.Ordinal);
        Assert.Contains("Input Sequence Length (tokens)", output, StringComparison.Ordinal);
        Assert.Equal(streaming && producesTokens, output.Contains("Time to First Token", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_seed_embeddings_example_succeeds_with_the_default_550_token_inputs()
    {
        // The documented command with a smaller count: 550-token inputs exceed all-mpnet-base-v2's 512-token window, and the
        // server truncates them.
        await using var server = await CliRunner.StartFastServerAsync();
        var url = server.Url.ToString().TrimEnd('/');
        var artifacts = Path.Combine(_directory, "seed");

        var (exitCode, output) = await CliRunner.RunAsync(
            "profile", "--model", "sentence-transformers/all-mpnet-base-v2", "--url", url, "--endpoint-type", "embeddings",
            "--service-kind", "openai", "--request-count", "60", "--concurrency", "10", "--ui", "none", "--artifact-dir", artifacts);

        Assert.True(exitCode == 0, output);
        Assert.Contains("Requests: 60 succeeded, 0 failed", output, StringComparison.Ordinal);
        var export = ReadJsonExport(artifacts);
        Assert.Equal(550, export.GetProperty("input_sequence_length").GetProperty("avg").GetDouble());
        Assert.False(export.TryGetProperty("time_to_first_token", out _));
    }

    [Fact]
    public async Task Refused_embeddings_show_the_servers_error_in_the_summary()
    {
        await using var server = await CliRunner.StartFastServerAsync(o => o.StrictInputLength = true);
        var artifacts = Path.Combine(_directory, "strict");

        var (exitCode, output) = await CliRunner.RunAsync(
            "profile", "-m", "sentence-transformers/all-mpnet-base-v2", "--url", server.Url.ToString(), "--endpoint-type", "embeddings",
            "--request-count", "5", "--ui", "none", "--artifact-dir", artifacts);

        Assert.Equal(1, exitCode);
        Assert.Contains("Requests: 0 succeeded, 5 failed", output, StringComparison.Ordinal);
        Assert.Contains("Error Summary", output, StringComparison.Ordinal);
        Assert.Contains("maximum context length is 512 tokens", output, StringComparison.Ordinal);
        var summary = ReadJsonExport(artifacts).GetProperty("error_summary");
        Assert.Equal(400, summary[0].GetProperty("error_details").GetProperty("code").GetInt32());
        Assert.Equal(5, summary[0].GetProperty("count").GetInt32());
    }
}
