using System.Net;
using System.Text.Json;

namespace FakeAI.LlamaPeer.Tests;

public sealed class PeerTests(PeerFixture fixture) : IClassFixture<PeerFixture>
{
    private static string Chat(string content, int maxTokens) =>
        $$$"""{"model":"tiny","messages":[{"role":"user","content":"{{{content}}}"}],"max_tokens":{{{maxTokens}}},"stream":true,"stream_options":{"include_usage":true}}""";

    [Fact]
    public async Task A_chat_stream_has_exactly_max_tokens_content_chunks_then_length_usage_and_done()
    {
        var events = await Sse.StreamAsync(fixture.Client, "/v1/chat/completions", Chat("the king of the sea", 12));

        Assert.Equal(12, Sse.Contents(events).Count);
        Assert.Equal("[DONE]", events[^1]);
        Assert.Equal("length", JsonDocument.Parse(events[^3]).RootElement.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        var usage = Sse.Usage(events);
        Assert.Equal(12, usage.GetProperty("completion_tokens").GetInt32());
        // <s> and one token per known word: the vocabulary merges "▁king" whole.
        Assert.Equal(6, usage.GetProperty("prompt_tokens").GetInt32());
    }

    [Fact]
    public async Task More_requests_than_slots_wait_for_one_and_each_gets_its_exact_length()
    {
        int[] lengths = [20, 7, 13, 9, 16];
        var streams = lengths.Select(n => Sse.StreamAsync(fixture.Client, "/v1/completions", $$"""{"prompt":"hello world","max_tokens":{{n}},"stream":true}"""));

        var results = await Task.WhenAll(streams);

        Assert.Equal(lengths, results.Select(r => Sse.Contents(r).Count));
        var metrics = await fixture.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Contains("llamacpp:requests_deferred 0\n", metrics, StringComparison.Ordinal);
        Assert.Contains("llamacpp:requests_processing 0\n", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_non_streaming_completion_reports_its_usage()
    {
        using var response = await Sse.PostAsync(fixture.Client, "/v1/completions", """{"prompt":"hello","max_tokens":5}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var root = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(5, root.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
        Assert.False(string.IsNullOrEmpty(root.GetProperty("choices")[0].GetProperty("text").GetString()));
    }

    [Theory]
    [InlineData("""{"prompt":"hello","max_tokens":300}""", "context_length_exceeded")]
    [InlineData("""{"prompt":"hello","max_tokens":0}""", null)]
    [InlineData("""{"prompt":""", null)]
    [InlineData("""{"max_tokens":4}""", null)]
    public async Task Bad_requests_get_an_OpenAI_error_400(string body, string? code)
    {
        using var response = await Sse.PostAsync(fixture.Client, "/v1/completions", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal(code, error.GetProperty("code").GetString());
    }
}
