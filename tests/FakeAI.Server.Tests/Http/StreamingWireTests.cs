using System.Text.Json;
using FakeAI.Protocol.Tokenization;

namespace FakeAI.Server.Tests.Http;

public sealed class StreamingWireTests
{
    private static async Task<(System.Net.HttpStatusCode Status, string ContentType, string Body)> PostAsync(FakeAIServer server, string path, string json)
    {
        using var client = TestServers.Client(server);
        using var response = await client.PostAsync(path, TestServers.Json(json));
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType ?? string.Empty, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Chat_stream_has_role_chunk_one_chunk_per_token_finish_usage_and_done()
    {
        await using var server = await TestServers.StartAsync();
        var (status, contentType, body) = await PostAsync(server, "/v1/chat/completions",
            """{"model":"gpt-4o","messages":[{"role":"user","content":"hello there"}],"max_tokens":25,"stream":true,"stream_options":{"include_usage":true}}""");

        Assert.Equal(System.Net.HttpStatusCode.OK, status);
        Assert.Equal("text/event-stream", contentType);
        var chunks = Sse.Chunks(body);
        Assert.Equal("assistant", chunks[0].GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());
        var content = chunks.Skip(1).Take(25).Select(c => c.GetProperty("choices")[0].GetProperty("delta").GetProperty("content").GetString()!).ToArray();
        Assert.All(content, c => Assert.NotEmpty(c));
        var finish = chunks[26].GetProperty("choices")[0];
        Assert.Equal("length", finish.GetProperty("finish_reason").GetString());
        var usageChunk = chunks[27];
        Assert.Equal(0, usageChunk.GetProperty("choices").GetArrayLength());
        var usage = usageChunk.GetProperty("usage");
        Assert.Equal(25, usage.GetProperty("completion_tokens").GetInt32());
        Assert.Equal(2, usage.GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(27, usage.GetProperty("total_tokens").GetInt32());
        Assert.Equal(0, usage.GetProperty("prompt_tokens_details").GetProperty("cached_tokens").GetInt32());
        Assert.Equal(28, chunks.Count);
        Assert.Equal(25, TokenizerService.Get(TokenizerEncoding.O200kBase).CountTokens(string.Concat(content)));
        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", c.GetProperty("object").GetString()));
        Assert.Single(chunks.Select(c => c.GetProperty("id").GetString()).Distinct());
    }

    [Fact]
    public async Task Without_include_usage_there_is_no_usage_chunk()
    {
        await using var server = await TestServers.StartAsync();
        var (_, _, body) = await PostAsync(server, "/v1/chat/completions",
            """{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}],"max_completion_tokens":3,"stream":true}""");

        var chunks = Sse.Chunks(body);
        Assert.Equal(5, chunks.Count);
        Assert.All(chunks, c => Assert.False(c.TryGetProperty("usage", out _)));
    }

    [Fact]
    public async Task Max_completion_tokens_wins_over_max_tokens_and_default_applies_when_neither_is_set()
    {
        await using var server = await TestServers.StartAsync(o => o.DefaultMaxTokens = 17);
        var (_, _, both) = await PostAsync(server, "/v1/chat/completions",
            """{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}],"max_tokens":5,"max_completion_tokens":9}""");
        var (_, _, neither) = await PostAsync(server, "/v1/chat/completions",
            """{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}""");

        Assert.Equal(9, JsonDocument.Parse(both).RootElement.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
        Assert.Equal(17, JsonDocument.Parse(neither).RootElement.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    [Fact]
    public async Task Reasoning_model_streams_reasoning_content_first_and_counts_it()
    {
        await using var server = await TestServers.StartAsync(o => o.ReasoningTokens = 8);
        var (_, _, body) = await PostAsync(server, "/v1/chat/completions",
            """{"model":"openai/gpt-oss-120b","messages":[{"role":"user","content":"why?"}],"max_tokens":30,"stream":true,"stream_options":{"include_usage":true}}""");

        var deltas = Sse.Chunks(body).Where(c => c.GetProperty("choices").GetArrayLength() > 0)
            .Select(c => c.GetProperty("choices")[0].GetProperty("delta")).Skip(1).ToArray();
        var reasoning = deltas.TakeWhile(d => d.TryGetProperty("reasoning_content", out _)).Count();
        var content = deltas.Count(d => d.TryGetProperty("content", out _));
        Assert.Equal(8, reasoning);
        Assert.Equal(22, content);
        var usage = Sse.Chunks(body)[^1].GetProperty("usage");
        Assert.Equal(30, usage.GetProperty("completion_tokens").GetInt32());
        Assert.Equal(8, usage.GetProperty("completion_tokens_details").GetProperty("reasoning_tokens").GetInt32());
    }

    [Fact]
    public async Task Non_streaming_reasoning_model_returns_reasoning_content_and_budget_split()
    {
        await using var server = await TestServers.StartAsync(o => o.ReasoningTokens = 50);
        var (_, _, body) = await PostAsync(server, "/v1/chat/completions",
            """{"model":"deepseek-ai/DeepSeek-R1","messages":[{"role":"user","content":"why?"}],"max_tokens":20}""");

        var root = JsonDocument.Parse(body).RootElement;
        var message = root.GetProperty("choices")[0].GetProperty("message");
        var tokenizer = TokenizerService.Get(TokenizerEncoding.O200kBase);
        Assert.Equal(10, tokenizer.CountTokens(message.GetProperty("reasoning_content").GetString()!));
        Assert.Equal(10, tokenizer.CountTokens(message.GetProperty("content").GetString()!));
        Assert.Equal(10, root.GetProperty("usage").GetProperty("completion_tokens_details").GetProperty("reasoning_tokens").GetInt32());
    }

    [Fact]
    public async Task Same_seed_gives_same_text_and_stream_equals_non_stream()
    {
        await using var server = await TestServers.StartAsync();
        const string request = """{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}],"max_tokens":40,"seed":1234""";
        var (_, _, first) = await PostAsync(server, "/v1/chat/completions", request + "}");
        var (_, _, second) = await PostAsync(server, "/v1/chat/completions", request + "}");
        var (_, _, streamed) = await PostAsync(server, "/v1/chat/completions", request + ",\"stream\":true}");

        string Text(string body) => JsonDocument.Parse(body).RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;
        var streamText = string.Concat(Sse.Chunks(streamed).Select(c => c.GetProperty("choices")[0].GetProperty("delta"))
            .Where(d => d.TryGetProperty("content", out _)).Select(d => d.GetProperty("content").GetString()));
        Assert.Equal(Text(first), Text(second));
        Assert.Equal(Text(first), streamText);
    }

    [Fact]
    public async Task Stop_string_ends_generation_before_it_and_min_tokens_defers_it()
    {
        await using var server = await TestServers.StartAsync();
        const string request = """{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}],"max_tokens":200,"seed":99""";
        var (_, _, full) = await PostAsync(server, "/v1/chat/completions", request + "}");
        var fullText = JsonDocument.Parse(full).RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;

        var (_, _, stopped) = await PostAsync(server, "/v1/chat/completions", request + ",\"stop\":[\"zzz\",\".\"]}");
        var root = JsonDocument.Parse(stopped).RootElement;
        var text = root.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;
        Assert.Equal("stop", root.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.Equal(fullText[..fullText.IndexOf('.', StringComparison.Ordinal)], text);
        Assert.Equal(TokenizerService.Get(TokenizerEncoding.O200kBase).CountTokens(text), root.GetProperty("usage").GetProperty("completion_tokens").GetInt32());

        var (_, _, deferred) = await PostAsync(server, "/v1/chat/completions", request + ",\"stop\":\".\",\"min_tokens\":200}");
        Assert.Equal(200, JsonDocument.Parse(deferred).RootElement.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    [Fact]
    public async Task Completions_stream_uses_text_and_counts_the_prompt()
    {
        await using var server = await TestServers.StartAsync();
        var (_, _, body) = await PostAsync(server, "/v1/completions",
            """{"model":"gpt-4","prompt":["hello world foo"],"max_tokens":12,"stream":true,"stream_options":{"include_usage":true}}""");

        var chunks = Sse.Chunks(body);
        Assert.Equal(14, chunks.Count);
        var texts = chunks.Take(12).Select(c => c.GetProperty("choices")[0].GetProperty("text").GetString()!).ToArray();
        Assert.All(chunks.Take(13), c => Assert.Equal("text_completion", c.GetProperty("object").GetString()));
        Assert.Equal("length", chunks[12].GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        var cl100k = TokenizerService.Get(TokenizerEncoding.Cl100kBase);
        Assert.Equal(12, cl100k.CountTokens(string.Concat(texts)));
        Assert.Equal(cl100k.CountTokens("hello world foo"), chunks[13].GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
    }

    [Fact]
    public async Task Completions_accept_token_id_prompts()
    {
        await using var server = await TestServers.StartAsync();
        var (status, _, body) = await PostAsync(server, "/v1/completions", """{"model":"m","prompt":[1,2,3,4],"max_tokens":3}""");

        Assert.Equal(System.Net.HttpStatusCode.OK, status);
        Assert.Equal(4, JsonDocument.Parse(body).RootElement.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
    }

    [Fact]
    public async Task Content_parts_count_their_text_and_images()
    {
        await using var server = await TestServers.StartAsync();
        var (_, _, body) = await PostAsync(server, "/v1/chat/completions",
            """{"model":"gpt-4o","messages":[{"role":"user","content":[{"type":"text","text":"hello world"},{"type":"image_url","image_url":{"url":"x"}}]}],"max_tokens":1}""");

        // "hello world" is 2 tokens; an image link is not fetched and counts as one 512-pixel tile (85 + 170).
        Assert.Equal(2 + 255, JsonDocument.Parse(body).RootElement.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
        Assert.Contains("chat.completion", body, StringComparison.Ordinal);
    }
}
