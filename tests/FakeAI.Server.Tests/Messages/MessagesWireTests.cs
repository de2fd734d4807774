using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;

namespace FakeAI.Server.Tests.Messages;

/// <summary><c>POST /v1/messages</c> on the wire: event order and payloads, auth, Anthropic's error shape, timing.</summary>
public sealed class MessagesWireTests
{
    private const string Body = """{"model":"claude-sonnet-4-5","max_tokens":5,"messages":[{"role":"user","content":"hi"}],"stream":true}""";

    private static async Task<HttpResponseMessage> PostAsync(FakeAIServer server, string json, Action<HttpRequestMessage>? headers = null)
    {
        using var client = TestServers.Client(server);
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages") { Content = TestServers.Json(json) };
        headers?.Invoke(request);
        return await client.SendAsync(request);
    }

    /// <summary>Splits an Anthropic SSE body into (event name, data) pairs, checking each event names its data's type.</summary>
    private static List<(string Name, JsonElement Data)> Events(string body)
    {
        Assert.EndsWith("\n\n", body, StringComparison.Ordinal);
        var events = new List<(string, JsonElement)>();
        foreach (var block in body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var lines = block.Split('\n');
            Assert.Equal(2, lines.Length);
            Assert.StartsWith("event: ", lines[0], StringComparison.Ordinal);
            Assert.StartsWith("data: ", lines[1], StringComparison.Ordinal);
            var name = lines[0]["event: ".Length..];
            var data = JsonDocument.Parse(lines[1]["data: ".Length..]).RootElement.Clone();
            Assert.Equal(name, data.GetProperty("type").GetString());
            events.Add((name, data));
        }

        return events;
    }

    [Fact]
    public async Task Stream_sends_the_documented_events_in_order()
    {
        await using var server = await TestServers.StartAsync();
        using var response = await PostAsync(server, Body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        var events = Events(await response.Content.ReadAsStringAsync());

        Assert.Equal(
            ["message_start", "content_block_start", "ping", .. Enumerable.Repeat("content_block_delta", 5), "content_block_stop", "message_delta", "message_stop"],
            events.Select(e => e.Name).ToArray());
        var start = events[0].Data.GetProperty("message");
        Assert.StartsWith("msg_", start.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("message", start.GetProperty("type").GetString());
        Assert.Equal("assistant", start.GetProperty("role").GetString());
        Assert.Equal(0, start.GetProperty("content").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, start.GetProperty("stop_reason").ValueKind);
        Assert.Equal(JsonValueKind.Null, start.GetProperty("stop_sequence").ValueKind);
        var inputTokens = start.GetProperty("usage").GetProperty("input_tokens").GetInt32();
        Assert.True(inputTokens >= 1);

        Assert.Equal("""{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}""", events[1].Data.GetRawText());
        Assert.Equal("""{"type":"ping"}""", events[2].Data.GetRawText());
        foreach (var (_, delta) in events.Skip(3).Take(5))
        {
            Assert.Equal(0, delta.GetProperty("index").GetInt32());
            Assert.Equal("text_delta", delta.GetProperty("delta").GetProperty("type").GetString());
            Assert.False(string.IsNullOrEmpty(delta.GetProperty("delta").GetProperty("text").GetString()));
        }

        Assert.Equal("""{"type":"content_block_stop","index":0}""", events[8].Data.GetRawText());
        var messageDelta = events[9].Data;
        Assert.Equal("max_tokens", messageDelta.GetProperty("delta").GetProperty("stop_reason").GetString());
        Assert.Equal(JsonValueKind.Null, messageDelta.GetProperty("delta").GetProperty("stop_sequence").ValueKind);
        Assert.Equal(5, messageDelta.GetProperty("usage").GetProperty("output_tokens").GetInt32());
        Assert.Equal(inputTokens, messageDelta.GetProperty("usage").GetProperty("input_tokens").GetInt32());
        Assert.Equal("""{"type":"message_stop"}""", events[10].Data.GetRawText());
    }

    [Fact]
    public async Task Non_streaming_body_is_a_message_with_the_same_text_as_the_stream()
    {
        await using var server = await TestServers.StartAsync();
        var json = """{"model":"claude-sonnet-4-5","max_tokens":8,"system":[{"type":"text","text":"Be brief."}],"messages":[{"role":"user","content":[{"type":"text","text":"hello there"}]},{"role":"assistant","content":"Hi."},{"role":"user","content":"More?"}],"temperature":0.5,"top_p":0.9,"top_k":5,"metadata":{"user_id":"u1"}}""";
        using var response = await PostAsync(server, json);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal("message", body.GetProperty("type").GetString());
        Assert.Equal("claude-sonnet-4-5", body.GetProperty("model").GetString());
        var content = body.GetProperty("content");
        Assert.Equal(1, content.GetArrayLength());
        Assert.Equal("text", content[0].GetProperty("type").GetString());
        Assert.Equal("max_tokens", body.GetProperty("stop_reason").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("stop_sequence").ValueKind);
        var usage = body.GetProperty("usage");
        Assert.Equal(8, usage.GetProperty("output_tokens").GetInt32());

        // System, all three messages and their blocks count: more than the last message alone.
        Assert.True(usage.GetProperty("input_tokens").GetInt32() >= 6);
        Assert.Equal(0, usage.GetProperty("cache_read_input_tokens").GetInt32());
    }

    [Fact]
    public async Task A_repeated_prompt_reads_its_blocks_from_the_kv_cache()
    {
        await using var server = await TestServers.StartAsync(o => o.KvCache.Workers = 1);
        var prompt = string.Join(' ', Enumerable.Repeat("the quick brown fox jumps over the lazy dog", 12));
        var json = JsonSerializer.Serialize(new { model = "c", max_tokens = 1, messages = new[] { new { role = "user", content = prompt } } });

        var (firstInput, firstCached) = await UsageAsync(server, json);
        await TestServers.WaitForKvIdleAsync(server);
        var (secondInput, secondCached) = await UsageAsync(server, json);

        // Anthropic bills cached prompt tokens apart: input_tokens counts only the rest.
        Assert.Equal(0, firstCached);
        Assert.True(secondCached >= 16, $"expected whole cached blocks, got {secondCached}");
        Assert.Equal(firstInput, secondInput + secondCached);
    }

    private static async Task<(int Input, int CacheRead)> UsageAsync(FakeAIServer server, string json)
    {
        using var response = await PostAsync(server, json);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var usage = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("usage");
        return (usage.GetProperty("input_tokens").GetInt32(), usage.GetProperty("cache_read_input_tokens").GetInt32());
    }

    [Fact]
    public async Task An_image_block_counts_as_a_chat_image_part_does()
    {
        await using var server = await TestServers.StartAsync();
        const string text = """{"model":"c","max_tokens":1,"messages":[{"role":"user","content":[{"type":"text","text":"what is this"}]}]}""";
        const string image = """{"model":"c","max_tokens":1,"messages":[{"role":"user","content":[{"type":"text","text":"what is this"},{"type":"image","source":{"type":"url","url":"https://example.com/cat.png"}}]}]}""";

        var without = await InputTokensAsync(server, text);
        var with = await InputTokensAsync(server, image);

        // A link is never fetched: it counts as a 512×512 image, 85 + 170 tokens, as in chat.
        Assert.Equal(without + 255, with);
    }

    private static async Task<int> InputTokensAsync(FakeAIServer server, string json)
    {
        using var response = await PostAsync(server, json);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("usage").GetProperty("input_tokens").GetInt32();
    }

    [Fact]
    public async Task Thinking_on_a_reasoning_model_streams_a_thinking_block_before_the_text()
    {
        await using var server = await TestServers.StartAsync(o => o.ReasoningTokens = 3);
        const string json = """{"model":"o3-mini","max_tokens":10,"thinking":{"type":"enabled","budget_tokens":1024},"messages":[{"role":"user","content":"hi"}],"stream":true}""";
        using var response = await PostAsync(server, json);
        var events = Events(await response.Content.ReadAsStringAsync());

        Assert.Equal(
            [
                "message_start", "content_block_start", "ping",
                .. Enumerable.Repeat("content_block_delta", 4), "content_block_stop",
                "content_block_start", .. Enumerable.Repeat("content_block_delta", 7), "content_block_stop",
                "message_delta", "message_stop",
            ],
            events.Select(e => e.Name).ToArray());
        Assert.Equal("thinking", events[1].Data.GetProperty("content_block").GetProperty("type").GetString());
        Assert.All(events.Skip(3).Take(3), e => Assert.Equal("thinking_delta", e.Data.GetProperty("delta").GetProperty("type").GetString()));
        Assert.Equal("signature_delta", events[6].Data.GetProperty("delta").GetProperty("type").GetString());
        Assert.Equal(1, events[8].Data.GetProperty("index").GetInt32());
        Assert.Equal("text", events[8].Data.GetProperty("content_block").GetProperty("type").GetString());
        Assert.All(events.Skip(9).Take(7), e => Assert.Equal(1, e.Data.GetProperty("index").GetInt32()));
        Assert.Equal(10, events[^2].Data.GetProperty("usage").GetProperty("output_tokens").GetInt32());
    }

    [Fact]
    public async Task Without_thinking_a_reasoning_model_answers_with_text_only()
    {
        await using var server = await TestServers.StartAsync(o => o.ReasoningTokens = 3);
        using var response = await PostAsync(server, """{"model":"o3-mini","max_tokens":10,"messages":[{"role":"user","content":"hi"}]}""");
        var content = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("content");

        Assert.Equal("text", content.EnumerateArray().Single().GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("x-api-key", "sk-ant", HttpStatusCode.OK)]
    [InlineData("Authorization", "Bearer sk-ant", HttpStatusCode.OK)]
    [InlineData("x-api-key", "sk-wrong", HttpStatusCode.Unauthorized)]
    [InlineData(null, null, HttpStatusCode.Unauthorized)]
    public async Task The_key_may_come_as_x_api_key_or_bearer(string? header, string? value, HttpStatusCode expected)
    {
        await using var server = await TestServers.StartAsync(o => o.ApiKeys = ["sk-ant"]);
        using var response = await PostAsync(server, Body, r =>
        {
            r.Headers.Add("anthropic-version", "2023-06-01");
            if (header is not null)
            {
                r.Headers.TryAddWithoutValidation(header, value);
            }
        });

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Unauthorized)
        {
            AssertAnthropicError(await response.Content.ReadAsStringAsync(), "authentication_error");
        }
    }

    [Fact]
    public async Task Rate_limits_count_per_x_api_key_and_refuse_in_anthropics_shape()
    {
        await using var server = await TestServers.StartAsync(o =>
        {
            o.ApiKeys = ["sk-a", "sk-b"];
            o.Limits.RequestsPerMinute = 1;
        });
        Action<HttpRequestMessage> Key(string key) => r => r.Headers.Add("x-api-key", key);

        static string For(string model) => Body.Replace("claude-sonnet-4-5", model, StringComparison.Ordinal);

        // A fresh model each time, so only the key's window can refuse.
        using var first = await PostAsync(server, For("m1"), Key("sk-a"));
        using var second = await PostAsync(server, For("m2"), Key("sk-a"));
        using var other = await PostAsync(server, For("m3"), Key("sk-b"));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        AssertAnthropicError(await second.Content.ReadAsStringAsync(), "rate_limit_error");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Theory]
    [InlineData("""{"model":"c","messages":[{"role":"user","content":"hi"}]}""", "max_tokens")]
    [InlineData("""{"model":"c","max_tokens":"ten","messages":[{"role":"user","content":"hi"}]}""", "max_tokens")]
    [InlineData("""{"model":"c","max_tokens":0,"messages":[{"role":"user","content":"hi"}]}""", "max_tokens")]
    [InlineData("""{"max_tokens":5,"messages":[{"role":"user","content":"hi"}]}""", "model")]
    [InlineData("""{"model":"c","max_tokens":5}""", "messages")]
    [InlineData("""{"model":"c","max_tokens":5,"messages":[]}""", "messages")]
    [InlineData("""{"model":"c","max_tokens":5,"messages":"hi"}""", "messages")]
    [InlineData("""{"model":"c","max_tokens":5,"messages":[{"role":"system","content":"hi"}]}""", "messages.0.role")]
    [InlineData("""{"model":"c","max_tokens":5,"messages":[{"role":"user","content":5}]}""", "messages.0.content")]
    [InlineData("""{"model":"c","max_tokens":5,"messages":[{"role":"user","content":[{"text":"no type"}]}]}""", "messages.0.content.0")]
    [InlineData("""{"model":"c","max_tokens":5,"messages":[{"role":"user","content":[{"type":"text"}]}]}""", "messages.0.content.0.text")]
    [InlineData("""{"model":"c","max_tokens":5,"system":7,"messages":[{"role":"user","content":"hi"}]}""", "system")]
    [InlineData("""{"model":"c","max_tokens":5,"temperature":1.5,"messages":[{"role":"user","content":"hi"}]}""", "temperature")]
    [InlineData("""{"model":"c","max_tokens":5,"stream":"yes","messages":[{"role":"user","content":"hi"}]}""", "stream")]
    [InlineData("""not json""", null)]
    public async Task Bad_input_is_a_400_in_anthropics_error_shape(string json, string? named)
    {
        await using var server = await TestServers.StartAsync();
        using var response = await PostAsync(server, json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = AssertAnthropicError(await response.Content.ReadAsStringAsync(), "invalid_request_error");
        if (named is not null)
        {
            Assert.Contains(named, message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Other_routes_keep_openais_error_shape()
    {
        await using var server = await TestServers.StartAsync();
        using var client = TestServers.Client(server);
        using var response = await client.PostAsync("/v1/chat/completions", TestServers.Json("""{"model":"c"}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("invalid_request_error", body.GetProperty("error").GetProperty("type").GetString());
        Assert.False(body.TryGetProperty("type", out _));
    }

    [Fact]
    public async Task First_text_delta_leaves_on_the_ttft_schedule()
    {
        await using var server = await TestServers.StartAsync(o =>
        {
            o.Ttft = LatencySpec.Exact(100);
            o.Itl = LatencySpec.Exact(10);
        });
        const string json = """{"model":"c","max_tokens":21,"messages":[{"role":"user","content":"hi"}],"stream":true}""";
        await TimeAsync(server, json);

        var (first, last, deltas) = await TimeAsync(server, json);

        // Lower bounds are exact (a token is never early); upper bounds are generous for a shared machine.
        Assert.Equal(21, deltas);
        Assert.InRange(first, 95, 1_500);
        Assert.InRange(last, 295, 2_000);
    }

    private static async Task<(double FirstMs, double LastMs, int Deltas)> TimeAsync(FakeAIServer server, string json)
    {
        using var client = TestServers.Client(server);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages") { Content = TestServers.Json(json) };
        var started = Stopwatch.GetTimestamp();
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(), Encoding.UTF8);
        double first = -1, last = -1;
        var deltas = 0;
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.Contains("\"text_delta\"", StringComparison.Ordinal))
            {
                var now = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                first = first < 0 ? now : first;
                last = now;
                deltas++;
            }
        }

        return (first, last, deltas);
    }

    private static string AssertAnthropicError(string body, string type)
    {
        var root = JsonDocument.Parse(body).RootElement;
        Assert.Equal("error", root.GetProperty("type").GetString());
        var error = root.GetProperty("error");
        Assert.Equal(type, error.GetProperty("type").GetString());
        Assert.Equal(2, error.EnumerateObject().Count());
        return error.GetProperty("message").GetString()!;
    }
}
