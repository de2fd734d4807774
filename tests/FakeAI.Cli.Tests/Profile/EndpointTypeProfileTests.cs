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
    [InlineData("messages", true)]
    [InlineData("messages", false)]
    [InlineData("responses", true)]
    [InlineData("responses", false)]
    public async Task Every_endpoint_type_succeeds_and_reports_the_metrics_that_apply(string type, bool streaming)
    {
        const int count = 12;
        var artifacts = Path.Combine(_directory, type + (streaming ? "-streaming" : ""));

        // The Responses API hides a reasoning model's reasoning unless a summary is asked for, so its output text would be
        // only part of the output tokens: responses are measured with a model that does not reason.
        var model = type == "responses" ? "gpt-4o" : "openai/gpt-oss-20b";
        var args = new List<string>
        {
            "profile", "-m", model, "--endpoint-type", type, "--request-count", count.ToString(CultureInfo.InvariantCulture),
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
        var producesTokens = type is "chat" or "completions" or "messages" or "responses";
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
    public async Task Streamed_messages_measure_the_configured_ttft_and_the_requested_output_length()
    {
        // The embedded server (no --url) serves /v1/messages with the given latency model.
        var artifacts = Path.Combine(_directory, "messages-ttft");
        var (exitCode, output) = await CliRunner.RunAsync(
            "profile", "-m", "claude-sonnet-4-5", "--endpoint-type", "messages", "--streaming", "--request-count", "16", "--concurrency", "4",
            "--isl", "64", "--osl", "20", "--ttft", "100", "--itl", "10", "--ui", "none", "--artifact-dir", artifacts);

        Assert.True(exitCode == 0, output);
        Assert.Contains("Requests: 16 succeeded, 0 failed", output, StringComparison.Ordinal);
        var export = ReadJsonExport(artifacts);

        // Generous bounds: a simulated KV-cache hit shortens a TTFT, and a busy machine lengthens it.
        var ttft = export.GetProperty("time_to_first_token").GetProperty("p50").GetDouble();
        Assert.InRange(ttft, 80, 1000);
        // Tokens are due at absolute times from the request's arrival, so a first token made late by a busy machine is
        // followed by the rest catching up: the average gap can dip below 10 ms, but no stream ends before its 19 gaps
        // (a KV-cache hit may shorten the TTFT part).
        var itl = export.GetProperty("inter_token_latency").GetProperty("avg").GetDouble();
        Assert.InRange(itl, 1, 200);
        var latency = export.GetProperty("request_latency").GetProperty("min").GetDouble();
        Assert.InRange(latency, 19 * 10, 5000);
        Assert.Equal(20, export.GetProperty("output_sequence_length").GetProperty("avg").GetDouble());
        Assert.Equal(64, export.GetProperty("input_sequence_length").GetProperty("avg").GetDouble());
        var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(artifacts, "profile_export_aiperf.json"))).RootElement.GetProperty("input_config");
        Assert.Equal("messages", config.GetProperty("endpoint").GetProperty("type").GetString());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Responses_measure_the_configured_ttft_and_the_requested_output_length(bool streaming)
    {
        // The embedded server (no --url) serves /v1/responses with the given latency model.
        var artifacts = Path.Combine(_directory, "responses-ttft" + streaming);
        var args = new List<string>
        {
            "profile", "-m", "gpt-4o", "--endpoint-type", "responses", "--request-count", "16", "--concurrency", "4",
            "--isl", "64", "--osl", "20", "--ttft", "100", "--itl", "10", "--ui", "none", "--artifact-dir", artifacts,
        };
        if (streaming)
        {
            args.Add("--streaming");
        }

        var (exitCode, output) = await CliRunner.RunAsync([.. args]);

        Assert.True(exitCode == 0, output);
        Assert.Contains("Requests: 16 succeeded, 0 failed", output, StringComparison.Ordinal);
        var export = ReadJsonExport(artifacts);
        Assert.Equal(streaming, export.TryGetProperty("time_to_first_token", out _));
        if (streaming)
        {
            // The same generous bounds as for messages: a KV-cache hit shortens a TTFT, a busy machine lengthens it, and a
            // late first token is followed by the rest catching up.
            Assert.InRange(export.GetProperty("time_to_first_token").GetProperty("p50").GetDouble(), 80, 1000);
            Assert.InRange(export.GetProperty("inter_token_latency").GetProperty("avg").GetDouble(), 1, 200);
        }

        // The whole answer still takes the TTFT part (shortened by a cache hit) and its 19 gaps.
        Assert.InRange(export.GetProperty("request_latency").GetProperty("min").GetDouble(), 19 * 10, 5000);
        Assert.Equal(20, export.GetProperty("output_sequence_length").GetProperty("avg").GetDouble());
        Assert.Equal(64, export.GetProperty("input_sequence_length").GetProperty("avg").GetDouble());
        var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(artifacts, "profile_export_aiperf.json"))).RootElement.GetProperty("input_config");
        Assert.Equal("responses", config.GetProperty("endpoint").GetProperty("type").GetString());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_reasoning_models_summary_is_reasoning_in_a_whole_response_but_not_in_a_stream_as_in_aiperf(bool streaming)
    {
        // gpt-oss spends half of max_output_tokens reasoning. aiperf reads a whole response's summary_text as reasoning
        // but only reasoning_text deltas (not summary deltas) in a stream; the server's usage counts every output token.
        var artifacts = Path.Combine(_directory, "responses-reasoning" + streaming);
        var args = new List<string>
        {
            "profile", "-m", "openai/gpt-oss-20b", "--endpoint-type", "responses", "--request-count", "4", "--isl", "30", "--osl", "40",
            "--ttft", "1", "--itl", "1", "--extra-inputs", "{\"reasoning\":{\"summary\":\"auto\"}}", "--ui", "none",
        };
        if (streaming)
        {
            args.Add("--streaming");
        }

        var (exitCode, output) = await CliRunner.RunAsync([.. args, "--artifact-dir", artifacts]);
        var (serverCountExit, serverCountOutput) = await CliRunner.RunAsync([.. args, "--use-server-token-count", "--artifact-dir", artifacts + "-server"]);

        Assert.True(exitCode == 0, output);
        Assert.True(serverCountExit == 0, serverCountOutput);
        var export = ReadJsonExport(artifacts);
        Assert.Equal(streaming ? 20 : 40, export.GetProperty("output_sequence_length").GetProperty("avg").GetDouble());
        Assert.Equal(streaming, !export.TryGetProperty("reasoning_token_count", out _));
        var serverCounts = ReadJsonExport(artifacts + "-server");
        Assert.Equal(40, serverCounts.GetProperty("output_sequence_length").GetProperty("avg").GetDouble());
        Assert.Equal(20, serverCounts.GetProperty("reasoning_token_count").GetProperty("avg").GetDouble());
    }

    [Theory]
    [InlineData("messages", true)]
    [InlineData("messages", false)]
    [InlineData("responses", true)]
    [InlineData("responses", false)]
    public async Task Messages_and_responses_authenticate_and_read_the_servers_token_counts(string type, bool streaming)
    {
        // The key goes as x-api-key to the Messages API and as a bearer token to the Responses API; the server takes both.
        await using var server = await CliRunner.StartFastServerAsync(o => o.ApiKeys = ["sk-key"]);
        var artifacts = Path.Combine(_directory, type + "-key" + streaming);
        var args = new List<string>
        {
            "profile", "-m", "gpt-4o", "--url", server.Url.ToString(), "--endpoint-type", type, "--api-key", "sk-key",
            "--request-count", "6", "--isl", "30", "--osl", "9", "--use-server-token-count", "--ui", "none", "--artifact-dir", artifacts,
        };
        if (streaming)
        {
            args.Add("--streaming");
        }

        var (exitCode, output) = await CliRunner.RunAsync([.. args]);

        Assert.True(exitCode == 0, output);
        Assert.Contains("Requests: 6 succeeded, 0 failed", output, StringComparison.Ordinal);
        var export = ReadJsonExport(artifacts);
        Assert.Equal(9, export.GetProperty("output_sequence_length").GetProperty("avg").GetDouble());
        Assert.Equal(30, export.GetProperty("input_sequence_length").GetProperty("avg").GetDouble());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Messages_thinking_counts_as_reasoning_as_chats_reasoning_content_does(bool streaming)
    {
        // A reasoning model asked for extended thinking spends half of max_tokens in the thinking block.
        var artifacts = Path.Combine(_directory, "messages-thinking" + streaming);
        var args = new List<string>
        {
            "profile", "-m", "openai/gpt-oss-20b", "--endpoint-type", "messages", "--request-count", "6", "--isl", "30", "--osl", "40",
            "--ttft", "1", "--itl", "1", "--extra-inputs", "{\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":1024}}",
            "--ui", "none", "--artifact-dir", artifacts,
        };
        if (streaming)
        {
            args.Add("--streaming");
        }

        var (exitCode, output) = await CliRunner.RunAsync([.. args]);

        Assert.True(exitCode == 0, output);
        Assert.Contains("Requests: 6 succeeded, 0 failed", output, StringComparison.Ordinal);
        var export = ReadJsonExport(artifacts);
        Assert.Equal(40, export.GetProperty("output_sequence_length").GetProperty("avg").GetDouble());
        Assert.Equal(20, export.GetProperty("reasoning_token_count").GetProperty("avg").GetDouble());
    }

    [Fact]
    public async Task A_wrong_key_fails_every_messages_request_with_the_servers_status()
    {
        await using var server = await CliRunner.StartFastServerAsync(o => o.ApiKeys = ["sk-right"]);
        var artifacts = Path.Combine(_directory, "messages-wrong-key");

        var (exitCode, output) = await CliRunner.RunAsync(
            "profile", "-m", "claude-sonnet-4-5", "--url", server.Url.ToString(), "--endpoint-type", "messages", "--api-key", "sk-wrong",
            "--request-count", "3", "--isl", "10", "--osl", "4", "--ui", "none", "--artifact-dir", artifacts);

        Assert.Equal(1, exitCode);
        Assert.Contains("Requests: 0 succeeded, 3 failed", output, StringComparison.Ordinal);
        var summary = ReadJsonExport(artifacts).GetProperty("error_summary");
        Assert.Equal(401, summary[0].GetProperty("error_details").GetProperty("code").GetInt32());
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
