namespace FakeAI.Bench.Tests;

public sealed class ProfileConfigTests
{
    private static readonly ProfileConfig Valid = new() { Models = ["org/m"], Url = "localhost:9000" };

    [Fact]
    public void Reports_every_error_at_once()
    {
        var errors = (Valid with { Models = [], RequestRate = -1, RequestCountSet = true, BenchmarkDurationSeconds = 5, RequestCancellationRate = 150 }).Validate();
        Assert.Contains(errors, e => e.StartsWith("--model", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("--request-rate", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("cannot be used together", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("--request-cancellation-rate", StringComparison.Ordinal));
        Assert.Empty(Valid.Validate());
    }

    [Theory]
    [InlineData(null, null, "org_m-openai-chat-concurrency1")]
    [InlineData(100, null, "org_m-openai-chat-concurrency100")]
    [InlineData(null, 2.5, "org_m-openai-chat-request_rate2.5")]
    [InlineData(8, 10.0, "org_m-openai-chat-concurrency8-request_rate10.0")]
    [InlineData(null, 0.00001, "org_m-openai-chat-request_rate1e-05")]
    public void Artifact_directory_follows_aiperf_naming(int? concurrency, double? rate, string expected) =>
        Assert.Equal(expected, (Valid with { Concurrency = concurrency, RequestRate = rate }).ArtifactDirectoryName());

    [Theory]
    [InlineData("localhost:9000", "http://localhost:9000/v1/chat/completions")]
    [InlineData("https://api.example.com/", "https://api.example.com/v1/chat/completions")]
    public void Url_without_scheme_gets_http(string url, string expected) =>
        Assert.Equal(expected, (Valid with { Url = url }).RequestUri().ToString());

    [Fact]
    public void Custom_endpoint_replaces_the_default_path() =>
        Assert.Equal("http://h:1/v2/generate", (Valid with { Url = "h:1", CustomEndpoint = "v2/generate" }).RequestUri().ToString());

    [Theory]
    [InlineData("ignore_eos:true", "ignore_eos", "true")]
    [InlineData("min_tokens:100", "min_tokens", "100")]
    [InlineData("temperature:0.7", "temperature", "0.7")]
    [InlineData("stop:None", "stop", "null")]
    [InlineData("user:alice", "user", "\"alice\"")]
    [InlineData("stop:[\"a\",\"b\"]", "stop", "[\"a\",\"b\"]")]
    public void Extra_inputs_coerce_values_like_aiperf(string text, string name, string json)
    {
        Assert.True(ExtraInput.TryParse(text, out var inputs, out _));
        var input = Assert.Single(inputs);
        Assert.Equal(name, input.Name);
        Assert.Equal(json, input.JsonValue);
    }

    [Fact]
    public void Goodput_parses_display_unit_thresholds_and_rejects_unknown_tags()
    {
        Assert.True(GoodputTarget.TryParse("time_to_first_token:100 inter_token_latency:3.40", out var targets, out _));
        Assert.Equal([new GoodputTarget("time_to_first_token", 100), new GoodputTarget("inter_token_latency", 3.4)], targets);
        Assert.False(GoodputTarget.TryParse("ttft:100", out _, out var error));
        Assert.Contains("unknown metric tag 'ttft'", error, StringComparison.Ordinal);
    }
}
