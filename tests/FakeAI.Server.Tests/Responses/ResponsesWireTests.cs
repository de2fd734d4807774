using System.Diagnostics;
using System.Text;
using System.Text.Json;
using FakeAI.Protocol.Tokenization;

namespace FakeAI.Server.Tests.Responses;

/// <summary>The Responses API on the wire: the body, the events in order with their sequence numbers, errors.</summary>
public sealed class ResponsesWireTests
{
    private static readonly string[] MessageEventOrder =
    [
        "response.created", "response.in_progress", "response.output_item.added", "response.content_part.added",
    ];

    private static readonly string[] MessageClosingOrder =
    [
        "response.output_text.done", "response.content_part.done", "response.output_item.done", "response.completed",
    ];

    private static int Tokens(string text) => TokenizerService.Get(TokenizerEncoding.O200kBase).CountTokens(text);

    [Fact]
    public async Task Non_streaming_body_has_openais_fields_and_exact_usage()
    {
        await using var server = await TestServers.StartAsync(o => o.KvCache.Enabled = false);
        using var client = TestServers.Client(server);

        using var response = await ResponsesWire.PostAsync(client, """{"model":"gpt-4o","input":"Tell me a story.","instructions":"Be brief.","max_output_tokens":23,"temperature":0.5}""");
        Assert.Equal(200, (int)response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var body = document.RootElement;

        Assert.StartsWith("resp_", body.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("response", body.GetProperty("object").GetString());
        Assert.Equal("completed", body.GetProperty("status").GetString());
        Assert.Equal("gpt-4o", body.GetProperty("model").GetString());
        Assert.Equal("Be brief.", body.GetProperty("instructions").GetString());
        Assert.Equal(23, body.GetProperty("max_output_tokens").GetInt32());
        Assert.Equal(0.5, body.GetProperty("temperature").GetDouble());
        Assert.True(body.GetProperty("store").GetBoolean());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("error").ValueKind);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("previous_response_id").ValueKind);
        Assert.InRange(body.GetProperty("created_at").GetInt64(), DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1);

        var output = body.GetProperty("output");
        Assert.Equal(1, output.GetArrayLength());
        var message = output[0];
        Assert.Equal("message", message.GetProperty("type").GetString());
        Assert.StartsWith("msg_", message.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("completed", message.GetProperty("status").GetString());
        Assert.Equal("assistant", message.GetProperty("role").GetString());
        var part = message.GetProperty("content")[0];
        Assert.Equal("output_text", part.GetProperty("type").GetString());
        Assert.Equal(0, part.GetProperty("annotations").GetArrayLength());
        var text = part.GetProperty("text").GetString()!;
        Assert.Equal(23, Tokens(text));

        var usage = body.GetProperty("usage");
        Assert.Equal(Tokens("Be brief.") + Tokens("Tell me a story."), usage.GetProperty("input_tokens").GetInt32());
        Assert.Equal(0, usage.GetProperty("input_tokens_details").GetProperty("cached_tokens").GetInt32());
        Assert.Equal(23, usage.GetProperty("output_tokens").GetInt32());
        Assert.Equal(0, usage.GetProperty("output_tokens_details").GetProperty("reasoning_tokens").GetInt32());
        Assert.Equal(usage.GetProperty("input_tokens").GetInt32() + 23, usage.GetProperty("total_tokens").GetInt32());
    }

    [Fact]
    public async Task Streaming_sends_the_documented_events_in_order_numbered_from_zero()
    {
        await using var server = await TestServers.StartAsync();
        using var client = TestServers.Client(server);

        using var response = await ResponsesWire.PostAsync(client, """{"model":"gpt-4o","input":[{"role":"user","content":"Hello"}],"max_output_tokens":9,"stream":true}""");
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        var events = ResponsesWire.Events(await response.Content.ReadAsStringAsync());

        var expected = MessageEventOrder.Concat(Enumerable.Repeat("response.output_text.delta", 9)).Concat(MessageClosingOrder).ToArray();
        Assert.Equal(expected, events.Select(e => e.Name).ToArray());
        for (var i = 0; i < events.Count; i++)
        {
            Assert.Equal(events[i].Name, events[i].Data.GetProperty("type").GetString());
            Assert.Equal(i, events[i].Data.GetProperty("sequence_number").GetInt32());
        }

        var created = events[0].Data.GetProperty("response");
        Assert.Equal("in_progress", created.GetProperty("status").GetString());
        Assert.Equal(0, created.GetProperty("output").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, created.GetProperty("usage").ValueKind);

        var added = events[2].Data;
        Assert.Equal(0, added.GetProperty("output_index").GetInt32());
        var itemId = added.GetProperty("item").GetProperty("id").GetString();
        Assert.Equal("in_progress", added.GetProperty("item").GetProperty("status").GetString());

        var deltas = events.Where(e => e.Name == "response.output_text.delta").Select(e => e.Data).ToArray();
        Assert.All(deltas, d =>
        {
            Assert.Equal(itemId, d.GetProperty("item_id").GetString());
            Assert.Equal(0, d.GetProperty("output_index").GetInt32());
            Assert.Equal(0, d.GetProperty("content_index").GetInt32());
            Assert.Equal(0, d.GetProperty("logprobs").GetArrayLength());
        });
        var text = string.Concat(deltas.Select(d => d.GetProperty("delta").GetString()));
        Assert.Equal(text, events[^4].Data.GetProperty("text").GetString());
        Assert.Equal(text, events[^3].Data.GetProperty("part").GetProperty("text").GetString());
        Assert.Equal(text, events[^2].Data.GetProperty("item").GetProperty("content")[0].GetProperty("text").GetString());

        var completed = events[^1].Data.GetProperty("response");
        Assert.Equal("completed", completed.GetProperty("status").GetString());
        Assert.Equal(created.GetProperty("id").GetString(), completed.GetProperty("id").GetString());
        Assert.Equal(text, completed.GetProperty("output")[0].GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal(9, completed.GetProperty("usage").GetProperty("output_tokens").GetInt32());
        Assert.Equal(Tokens("Hello"), completed.GetProperty("usage").GetProperty("input_tokens").GetInt32());
    }

    [Fact]
    public async Task Reasoning_model_streams_a_reasoning_item_first_with_summary_deltas_when_asked()
    {
        await using var server = await TestServers.StartAsync(o => o.ReasoningTokens = 4);
        using var client = TestServers.Client(server);

        using var response = await ResponsesWire.PostAsync(client, """{"model":"openai/gpt-oss-20b","input":"Why?","max_output_tokens":10,"stream":true,"reasoning":{"summary":"auto"}}""");
        var events = ResponsesWire.Events(await response.Content.ReadAsStringAsync());

        string[] expected =
        [
            "response.created", "response.in_progress", "response.output_item.added", "response.reasoning_summary_part.added",
            .. Enumerable.Repeat("response.reasoning_summary_text.delta", 4),
            "response.reasoning_summary_text.done", "response.reasoning_summary_part.done", "response.output_item.done",
            "response.output_item.added", "response.content_part.added",
            .. Enumerable.Repeat("response.output_text.delta", 6),
            .. MessageClosingOrder,
        ];
        Assert.Equal(expected, events.Select(e => e.Name).ToArray());
        Assert.Equal(Enumerable.Range(0, events.Count), events.Select(e => e.Data.GetProperty("sequence_number").GetInt32()));
        Assert.Equal("reasoning", events[2].Data.GetProperty("item").GetProperty("type").GetString());
        Assert.Equal(1, events[13].Data.GetProperty("output_index").GetInt32());

        var summary = string.Concat(events.Where(e => e.Name == "response.reasoning_summary_text.delta").Select(e => e.Data.GetProperty("delta").GetString()));
        var completed = events[^1].Data.GetProperty("response");
        var output = completed.GetProperty("output");
        Assert.Equal(2, output.GetArrayLength());
        Assert.Equal(summary, output[0].GetProperty("summary")[0].GetProperty("text").GetString());
        Assert.Equal("summary_text", output[0].GetProperty("summary")[0].GetProperty("type").GetString());
        Assert.Equal(4, completed.GetProperty("usage").GetProperty("output_tokens_details").GetProperty("reasoning_tokens").GetInt32());
        Assert.Equal(10, completed.GetProperty("usage").GetProperty("output_tokens").GetInt32());
        Assert.Equal("medium", completed.GetProperty("reasoning").GetProperty("effort").GetString());
    }

    [Fact]
    public async Task Reasoning_without_a_summary_request_sends_an_empty_summary_and_no_reasoning_text()
    {
        await using var server = await TestServers.StartAsync(o => o.ReasoningTokens = 4);
        using var client = TestServers.Client(server);

        using var response = await ResponsesWire.PostAsync(client, """{"model":"openai/gpt-oss-20b","input":"Why?","max_output_tokens":10,"stream":true}""");
        var events = ResponsesWire.Events(await response.Content.ReadAsStringAsync());

        string[] expected =
        [
            "response.created", "response.in_progress", "response.output_item.added", "response.output_item.done",
            .. MessageEventOrder[2..], .. Enumerable.Repeat("response.output_text.delta", 6), .. MessageClosingOrder,
        ];
        Assert.Equal(expected, events.Select(e => e.Name).ToArray());
        Assert.Equal(0, events[3].Data.GetProperty("item").GetProperty("summary").GetArrayLength());
        var usage = events[^1].Data.GetProperty("response").GetProperty("usage");
        Assert.Equal(4, usage.GetProperty("output_tokens_details").GetProperty("reasoning_tokens").GetInt32());

        using var whole = await ResponsesWire.PostAsync(client, """{"model":"openai/gpt-oss-20b","input":"Why?","max_output_tokens":10}""");
        using var document = JsonDocument.Parse(await whole.Content.ReadAsStringAsync());
        var output = document.RootElement.GetProperty("output");
        Assert.Equal("reasoning", output[0].GetProperty("type").GetString());
        Assert.Equal(0, output[0].GetProperty("summary").GetArrayLength());
        Assert.Equal(6, Tokens(output[1].GetProperty("content")[0].GetProperty("text").GetString()!));
    }

    [Fact]
    public async Task Input_items_count_text_parts_images_and_earlier_turns()
    {
        await using var server = await TestServers.StartAsync(o => o.KvCache.Enabled = false);
        using var client = TestServers.Client(server);

        const string json = """
            {"model":"gpt-4o","max_output_tokens":5,"input":[
              {"type":"message","role":"developer","content":"Answer in French."},
              {"role":"user","content":[{"type":"input_text","text":"What is in "},{"type":"input_text","text":"this image?"},
                {"type":"input_image","image_url":"https://example.com/cat.png","detail":"low"}]},
              {"type":"message","role":"assistant","content":[{"type":"output_text","text":"Un chat."}]},
              {"role":"user","content":"Merci"}]}
            """;
        using var response = await ResponsesWire.PostAsync(client, json);
        Assert.Equal(200, (int)response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        // Text per message, as chat counts it, plus 85 tokens for a low-detail image.
        var expected = Tokens("Answer in French.") + Tokens("What is in this image?") + Tokens("Un chat.") + Tokens("Merci") + 85;
        Assert.Equal(expected, document.RootElement.GetProperty("usage").GetProperty("input_tokens").GetInt32());
    }

    [Fact]
    public async Task Repeated_input_is_served_from_the_kv_cache()
    {
        await using var server = await TestServers.StartAsync();
        using var client = TestServers.Client(server);
        var input = string.Join(' ', Enumerable.Repeat("the quick brown fox jumps over the lazy dog", 40));
        var json = JsonSerializer.Serialize(new Dictionary<string, object> { ["model"] = "gpt-4o", ["input"] = input, ["max_output_tokens"] = 3 });

        using (await ResponsesWire.PostAsync(client, json))
        {
        }

        await TestServers.WaitForKvIdleAsync(server);
        using var second = await ResponsesWire.PostAsync(client, json);
        using var document = JsonDocument.Parse(await second.Content.ReadAsStringAsync());
        var usage = document.RootElement.GetProperty("usage");
        Assert.InRange(usage.GetProperty("input_tokens_details").GetProperty("cached_tokens").GetInt32(), 1, usage.GetProperty("input_tokens").GetInt32());
    }

    [Theory]
    [InlineData("""{"model":"gpt-4o"}""", "input", "missing_required_parameter")]
    [InlineData("""{"model":"gpt-4o","input":42}""", "input", "invalid_type")]
    [InlineData("""{"model":"gpt-4o","input":[1]}""", "input", "invalid_type")]
    [InlineData("""{"model":"gpt-4o","input":[{"role":"user","content":7}]}""", "input", "invalid_type")]
    [InlineData("""{"model":"gpt-4o","input":[{"content":"hi"}]}""", "input[0].role", "missing_required_parameter")]
    [InlineData("""{"model":"gpt-4o","input":[{"role":"user","content":"hi"},{"role":"robot","content":"hi"}]}""", "input[1].role", "invalid_value")]
    [InlineData("""{"model":"gpt-4o","input":[{"role":"user"}]}""", "input[0].content", "missing_required_parameter")]
    [InlineData("""{"model":"gpt-4o","input":"hi","max_output_tokens":0}""", "max_output_tokens", "invalid_value")]
    [InlineData("""{"model":"gpt-4o","input":"hi","max_output_tokens":"ten"}""", "max_output_tokens", "invalid_type")]
    [InlineData("""{"model":"gpt-4.1","input":"hi","max_output_tokens":300000}""", "max_output_tokens", "invalid_value")]
    [InlineData("""{"model":"gpt-4o","input":"hi","stream":"yes"}""", "stream", "invalid_type")]
    [InlineData("""{"model":"gpt-4o","input":"hi","temperature":"hot"}""", "temperature", "invalid_type")]
    [InlineData("""{"input":"hi"}""", "model", "missing_required_parameter")]
    public async Task Bad_input_is_a_400_naming_the_parameter(string json, string param, string code)
    {
        await using var server = await TestServers.StartAsync();
        using var client = TestServers.Client(server);

        using var response = await ResponsesWire.PostAsync(client, json);
        var error = await ResponsesWire.ErrorAsync(response, 400);
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.Equal(code, error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_malformed_item_is_named_in_the_message()
    {
        await using var server = await TestServers.StartAsync();
        using var client = TestServers.Client(server);

        using var response = await ResponsesWire.PostAsync(client, """{"model":"gpt-4o","input":[{"role":"user","content":"hi"},{"role":1,"content":"x"}]}""");
        var error = await ResponsesWire.ErrorAsync(response, 400);
        Assert.Equal("input", error.GetProperty("param").GetString());
        Assert.Contains("item 1's 'role'", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_over_long_model_id_and_the_context_window_are_400s()
    {
        await using var server = await TestServers.StartAsync();
        using var client = TestServers.Client(server);

        using var longId = await ResponsesWire.PostAsync(client, $$"""{"model":"{{new string('m', 300)}}","input":"hi"}""");
        Assert.Equal("model", (await ResponsesWire.ErrorAsync(longId, 400)).GetProperty("param").GetString());

        using var tooLong = await ResponsesWire.PostAsync(client, """{"model":"gpt-4","input":"hi","max_output_tokens":9000}""");
        var error = await ResponsesWire.ErrorAsync(tooLong, 400);
        Assert.Equal("context_length_exceeded", error.GetProperty("code").GetString());
        Assert.Equal("input", error.GetProperty("param").GetString());
    }

    [Fact]
    public async Task The_api_key_is_checked()
    {
        await using var server = await TestServers.StartAsync(o => o.ApiKeys = ["secret"]);
        using var client = TestServers.Client(server);

        using var refused = await ResponsesWire.PostAsync(client, """{"model":"gpt-4o","input":"hi","max_output_tokens":2}""");
        Assert.Equal(401, (int)refused.StatusCode);

        client.DefaultRequestHeaders.Authorization = new("Bearer", "secret");
        using var accepted = await ResponsesWire.PostAsync(client, """{"model":"gpt-4o","input":"hi","max_output_tokens":2}""");
        Assert.Equal(200, (int)accepted.StatusCode);
    }

    [Fact]
    public async Task Streams_count_in_the_vllm_metrics()
    {
        await using var server = await TestServers.StartAsync();
        using var client = TestServers.Client(server);

        using (var response = await ResponsesWire.PostAsync(client, """{"model":"gpt-4o","input":"hi","max_output_tokens":7,"stream":true}"""))
        {
            await response.Content.ReadAsStringAsync();
        }

        using (var response = await ResponsesWire.PostAsync(client, """{"model":"gpt-4o","input":"hi","max_output_tokens":5}"""))
        {
            await response.Content.ReadAsStringAsync();
        }

        var metrics = await client.GetStringAsync("/metrics");
        Assert.Contains("vllm:generation_tokens_total{model_name=\"gpt-4o\"} 12", metrics, StringComparison.Ordinal);
        Assert.Contains("vllm:time_to_first_token_seconds_count{model_name=\"gpt-4o\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("vllm:request_success_total{model_name=\"gpt-4o\",finished_reason=\"length\"} 2", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deltas_follow_ttft_and_itl_on_loopback()
    {
        await using var server = await TestServers.StartAsync(o =>
        {
            o.Ttft = LatencySpec.Exact(100);
            o.Itl = LatencySpec.Exact(10);
        });
        using var client = TestServers.Client(server);
        const string json = """{"model":"gpt-4o","input":"hi","max_output_tokens":21,"stream":true}""";
        await (await ResponsesWire.PostAsync(client, json)).Content.ReadAsStringAsync();

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/responses") { Content = TestServers.Json(json) };
        var started = Stopwatch.GetTimestamp();
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(), Encoding.UTF8);
        double first = -1, last = -1;
        var deltas = 0;
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line == "event: response.output_text.delta")
            {
                var now = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                first = first < 0 ? now : first;
                last = now;
                deltas++;
            }
        }

        // As for chat: never early, generous upper bounds because the client shares the machine with other tests.
        Assert.Equal(21, deltas);
        Assert.InRange(first, 95, 1_500);
        Assert.InRange(last, 295, 2_000);
    }
}
