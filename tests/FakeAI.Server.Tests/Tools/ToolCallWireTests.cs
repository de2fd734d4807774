using System.Net;
using System.Text.Json;
using FakeAI.Protocol.Tokenization;

namespace FakeAI.Server.Tests.Tools;

/// <summary>
/// Tool calls and structured outputs on the wire: each API's 400s for bad schemas and choices, determinism for a seed,
/// the call rate, follow-ups after a tool result, and a budget too small for the JSON.
/// </summary>
public sealed class ToolCallWireTests
{
    private const string ChatTools = $$$"""[{"type":"function","function":{"name":"{{{WeatherTool.Name}}}","parameters":{{{WeatherTool.Parameters}}}}}]""";

    private static async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(FakeAIServer server, string path, string json)
    {
        using var client = TestServers.Client(server);
        using var response = await client.PostAsync(path, TestServers.Json(json));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    private static string Chat(string extra, string messages = """[{"role":"user","content":"Weather?"}]""") =>
        $$"""{"model":"gpt-4o","max_tokens":200,"messages":{{messages}}{{extra}}}""";

    private static async Task<string> OpenAIErrorAsync(FakeAIServer server, string path, string json, string param)
    {
        var (status, body) = await PostAsync(server, path, json);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        var error = body.GetProperty("error");
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal(param, error.GetProperty("param").GetString());
        return error.GetProperty("message").GetString()!;
    }

    [Theory]
    [InlineData("""{"type":"object","properties":{"zip":{"type":"string","pattern":"^[0-9]{5}$"}},"required":["zip"]}""", "'pattern' is not permitted")]
    [InlineData("""{"type":"object","properties":{"a":{"allOf":[{"type":"string"}]}}}""", "'allOf' is not permitted")]
    [InlineData("""{"type":"object","properties":{"a":{"type":"text"}}}""", "'text' is not a valid type")]
    [InlineData("\"not an object\"", "schema must be a JSON object")]
    public async Task A_chat_response_format_schema_the_fake_cannot_honour_is_a_400_naming_the_problem(string schema, string named)
    {
        await using var server = await TestServers.StartAsync();

        var message = await OpenAIErrorAsync(
            server, "/v1/chat/completions", Chat($$$""","response_format":{"type":"json_schema","json_schema":{"name":"out","strict":true,"schema":{{{schema}}}}}"""), "response_format.json_schema.schema");

        Assert.StartsWith("Invalid schema for response_format 'out': In context=", message, StringComparison.Ordinal);
        Assert.Contains(named, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_tool_schemas_are_400s_in_each_apis_shape()
    {
        await using var server = await TestServers.StartAsync();
        const string Bad = """{"type":"object","properties":{"q":{"type":"string","pattern":"x+"}}}""";

        var chat = await OpenAIErrorAsync(
            server, "/v1/chat/completions", Chat($$$""","tools":[{"type":"function","function":{"name":"search","parameters":{{{Bad}}}}}]"""), "tools[0].function.parameters");
        var responses = await OpenAIErrorAsync(
            server, "/v1/responses", $$"""{"model":"gpt-4o","input":"hi","tools":[{"type":"function","name":"search","parameters":{{Bad}}}]}""", "tools[0].parameters");
        var (status, messages) = await PostAsync(
            server, "/v1/messages", $$"""{"model":"claude-sonnet-4-5","max_tokens":50,"messages":[{"role":"user","content":"hi"}],"tools":[{"name":"search","input_schema":{{Bad}}}]}""");

        Assert.Contains("Invalid schema for function 'search'", chat, StringComparison.Ordinal);
        Assert.Contains("'pattern' is not permitted", chat, StringComparison.Ordinal);
        Assert.Contains("'pattern' is not permitted", responses, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("error", messages.GetProperty("type").GetString());
        Assert.Equal("invalid_request_error", messages.GetProperty("error").GetProperty("type").GetString());
        Assert.Contains("'pattern' is not permitted", messages.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tool_choices_that_name_a_missing_tool_or_come_without_tools_are_400s()
    {
        await using var server = await TestServers.StartAsync();

        var chat = await OpenAIErrorAsync(
            server, "/v1/chat/completions", Chat($$$""","tools":{{{ChatTools}}},"tool_choice":{"type":"function","function":{"name":"nope"}}"""), "tool_choice");
        var withoutTools = await OpenAIErrorAsync(server, "/v1/chat/completions", Chat(""","tool_choice":"required" """), "tool_choice");
        var responses = await OpenAIErrorAsync(
            server, "/v1/responses", """{"model":"gpt-4o","input":"hi","tools":[{"type":"function","name":"a","parameters":{"type":"object"}}],"tool_choice":{"type":"function","name":"b"}}""", "tool_choice");
        var badMode = await OpenAIErrorAsync(server, "/v1/chat/completions", Chat($$""","tools":{{ChatTools}},"tool_choice":"always" """), "tool_choice");
        var (status, messages) = await PostAsync(
            server, "/v1/messages", """{"model":"claude-sonnet-4-5","max_tokens":50,"messages":[{"role":"user","content":"hi"}],"tools":[{"name":"a","input_schema":{"type":"object"}}],"tool_choice":{"type":"tool","name":"b"}}""");

        Assert.Contains("'nope'", chat, StringComparison.Ordinal);
        Assert.Contains("only allowed when 'tools' are specified", withoutTools, StringComparison.Ordinal);
        Assert.Contains("'b'", responses, StringComparison.Ordinal);
        Assert.Contains("'always'", badMode, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("'b' not found", messages.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_tool_and_format_fields_are_400s_not_500s()
    {
        await using var server = await TestServers.StartAsync();

        await OpenAIErrorAsync(server, "/v1/chat/completions", Chat(""","tools":{"type":"function"}"""), "tools");
        await OpenAIErrorAsync(server, "/v1/chat/completions", Chat(""","tools":[{"type":"function"}]"""), "tools[0].function");
        await OpenAIErrorAsync(server, "/v1/chat/completions", Chat(""","tools":[{"type":"function","function":{"name":"has space"}}]"""), "tools[0].function.name");
        await OpenAIErrorAsync(server, "/v1/chat/completions", Chat(""","response_format":{"type":"yaml"}"""), "response_format.type");
        await OpenAIErrorAsync(server, "/v1/chat/completions", Chat(""","response_format":{"type":"json_schema"}"""), "response_format.json_schema");
        await OpenAIErrorAsync(server, "/v1/responses", """{"model":"gpt-4o","input":"hi","text":{"format":{"type":"json_schema","schema":{"type":"object"}}}}""", "text.format.name");
        await OpenAIErrorAsync(server, "/v1/chat/completions", Chat(""","tools":[5]"""), "tools[0].type");
        await OpenAIErrorAsync(server, "/v1/chat/completions", Chat(""","tools":[{"type":"function","function":{"name":"a"}}],"tool_choice":5"""), "tool_choice");
        await OpenAIErrorAsync(server, "/v1/chat/completions", Chat(""","response_format":[]"""), "response_format.type");
        await OpenAIErrorAsync(server, "/v1/responses", """{"model":"gpt-4o","input":"hi","text":"json"}""", "text");
        await OpenAIErrorAsync(server, "/v1/responses", """{"model":"gpt-4o","input":"hi","tools":[{"type":"function","name":"a","parameters":{"type":"object","minProperties":1}}]}""", "tools[0].parameters");
        foreach (var (fields, named) in new[]
        {
            ("\"tools\":[{\"name\":\"a\"}]", "input_schema"),
            ("\"tools\":[5]", "tools.0"),
            ("\"tools\":[{\"name\":\"a\",\"input_schema\":{\"type\":\"string\"}}]", "input_schema.type"),
            ("\"tools\":[{\"name\":\"a\",\"input_schema\":{\"type\":\"object\"}}],\"tool_choice\":\"auto\"", "tool_choice"),
        })
        {
            var (status, body) = await PostAsync(
                server, "/v1/messages", $$"""{"model":"claude-sonnet-4-5","max_tokens":50,"messages":[{"role":"user","content":"hi"}],{{fields}}}""");
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Equal("error", body.GetProperty("type").GetString());
            Assert.Contains(named, body.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_same_seed_calls_with_the_same_arguments()
    {
        await using var server = await TestServers.StartAsync();
        var request = Chat($$""","seed":7,"tools":{{ChatTools}}""");

        var (_, first) = await PostAsync(server, "/v1/chat/completions", request);
        var (_, second) = await PostAsync(server, "/v1/chat/completions", request);
        var (_, other) = await PostAsync(server, "/v1/chat/completions", request.Replace("\"seed\":7", "\"seed\":8", StringComparison.Ordinal));

        Assert.Equal(Arguments(first), Arguments(second));
        Assert.NotEqual(Arguments(first), Arguments(other));
    }

    [Fact]
    public async Task At_rate_zero_auto_answers_in_text_but_required_still_calls()
    {
        await using var server = await TestServers.StartAsync(o => o.ToolCallRate = 0);

        var (_, auto) = await PostAsync(server, "/v1/chat/completions", Chat($$""","tools":{{ChatTools}}"""));
        var (_, required) = await PostAsync(server, "/v1/chat/completions", Chat($$""","tools":{{ChatTools}},"tool_choice":"required" """));

        Assert.Equal("length", auto.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.Equal("tool_calls", required.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
    }

    [Fact]
    public async Task Half_the_auto_requests_call_at_rate_one_half()
    {
        await using var server = await TestServers.StartAsync(o => o.ToolCallRate = 0.5);

        var calls = 0;
        for (var seed = 0; seed < 40; seed++)
        {
            var (_, body) = await PostAsync(server, "/v1/chat/completions", Chat($$""","seed":{{seed}},"tools":{{ChatTools}}"""));
            calls += body.GetProperty("choices")[0].GetProperty("message").TryGetProperty("tool_calls", out _) ? 1 : 0;
        }

        Assert.InRange(calls, 10, 30);
    }

    [Fact]
    public async Task A_messages_tool_result_gets_a_text_answer()
    {
        await using var server = await TestServers.StartAsync();
        const string Tools = """
            "tools":[{"name":"get_weather","input_schema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}]
            """;
        var (_, first) = await PostAsync(
            server, "/v1/messages", $$"""{"model":"claude-sonnet-4-5","max_tokens":50,"messages":[{"role":"user","content":"Weather?"}],{{Tools}}}""");
        var toolUse = first.GetProperty("content")[0];
        Assert.Equal("tool_use", toolUse.GetProperty("type").GetString());

        var followUp = $$"""
            {"model":"claude-sonnet-4-5","max_tokens":20,{{Tools}},"messages":[
              {"role":"user","content":"Weather?"},
              {"role":"assistant","content":[{{toolUse.GetRawText()}}]},
              {"role":"user","content":[{"type":"tool_result","tool_use_id":"{{toolUse.GetProperty("id").GetString()}}","content":"21 degrees"}]}]}
            """;
        var (status, second) = await PostAsync(server, "/v1/messages", followUp);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("text", second.GetProperty("content")[0].GetProperty("type").GetString());
        Assert.Equal("max_tokens", second.GetProperty("stop_reason").GetString());
    }

    [Fact]
    public async Task Json_longer_than_the_budget_is_cut_with_finish_reason_length()
    {
        await using var server = await TestServers.StartAsync();

        var (_, body) = await PostAsync(
            server, "/v1/chat/completions", Chat(""","max_tokens":4,"response_format":{"type":"json_schema","json_schema":{"name":"long","schema":{"type":"array","items":{"type":"string","minLength":40},"minItems":5}}}"""));

        var choice = body.GetProperty("choices")[0];
        var text = choice.GetProperty("message").GetProperty("content").GetString()!;
        Assert.Equal("length", choice.GetProperty("finish_reason").GetString());
        Assert.Equal(4, body.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
        Assert.Equal(4, TokenizerService.Get(TokenizerEncoding.O200kBase).CountTokens(text));
        Assert.StartsWith("[\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_recursion_that_cannot_end_is_a_400()
    {
        await using var server = await TestServers.StartAsync();

        var message = await OpenAIErrorAsync(
            server,
            "/v1/chat/completions",
            Chat(""","response_format":{"type":"json_schema","json_schema":{"name":"loop","schema":{"type":"object","properties":{"next":{"$ref":"#"}},"required":["next"]}}}"""),
            "response_format.json_schema.schema");

        Assert.Contains("recurse", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Streamed_arguments_keep_the_latency_schedule_one_token_per_itl()
    {
        await using var server = await TestServers.StartAsync(o =>
        {
            o.Ttft = LatencySpec.Exact(50);
            o.Itl = LatencySpec.Exact(20);
        });
        using var client = TestServers.Client(server);

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        using var response = await client.PostAsync("/v1/chat/completions", TestServers.Json(Chat($$""","stream":true,"tools":{{ChatTools}}""")));
        var body = await response.Content.ReadAsStringAsync();
        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);

        var pieces = body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Count(e => e.Contains("\"arguments\":", StringComparison.Ordinal)) - 1;
        Assert.True(pieces > 5);

        // Tokens are due at absolute times, so the stream can end late under load but never early.
        Assert.True(elapsed.TotalMilliseconds >= 50 + ((pieces - 1) * 20) - 5, $"{pieces} argument tokens in {elapsed.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task A_reasoning_models_streamed_function_call_follows_its_reasoning_item()
    {
        await using var server = await TestServers.StartAsync(o => o.ReasoningTokens = 4);
        using var client = TestServers.Client(server);

        using var response = await Responses.ResponsesWire.PostAsync(
            client, """{"model":"o3-mini","input":"hi","stream":true,"max_output_tokens":200,"reasoning":{"summary":"auto"},"tools":[{"type":"function","name":"f","parameters":{"type":"object","properties":{"a":{"type":"integer"}},"required":["a"]}}]}""");
        var events = Responses.ResponsesWire.Events(await response.Content.ReadAsStringAsync());

        var names = events.Select(e => e.Name).Where(n => !n.EndsWith(".delta", StringComparison.Ordinal)).ToArray();
        Assert.Equal(
            [
                "response.created", "response.in_progress", "response.output_item.added", "response.reasoning_summary_part.added",
                "response.reasoning_summary_text.done", "response.reasoning_summary_part.done", "response.output_item.done",
                "response.output_item.added", "response.function_call_arguments.done", "response.output_item.done", "response.completed",
            ],
            names);
        var completed = events[^1].Data.GetProperty("response");
        var call = completed.GetProperty("output")[1];
        Assert.Equal("function_call", call.GetProperty("type").GetString());
        Assert.Equal(4, completed.GetProperty("usage").GetProperty("output_tokens_details").GetProperty("reasoning_tokens").GetInt32());
        var argumentTokens = events.Count(e => e.Name == "response.function_call_arguments.delta");
        Assert.Equal(4 + argumentTokens, completed.GetProperty("usage").GetProperty("output_tokens").GetInt32());
        Assert.Equal(Enumerable.Range(0, events.Count), events.Select(e => e.Data.GetProperty("sequence_number").GetInt32()));
    }

    [Fact]
    public async Task Every_choice_of_n_calls_the_tool_with_its_own_id()
    {
        await using var server = await TestServers.StartAsync();

        var (_, body) = await PostAsync(server, "/v1/chat/completions", Chat($$""","n":3,"tools":{{ChatTools}}"""));

        var ids = body.GetProperty("choices").EnumerateArray()
            .Select(c => c.GetProperty("message").GetProperty("tool_calls")[0].GetProperty("id").GetString())
            .ToArray();
        Assert.Equal(3, ids.Distinct().Count());
    }

    private static string Arguments(JsonElement body) =>
        body.GetProperty("choices")[0].GetProperty("message").GetProperty("tool_calls")[0].GetProperty("function").GetProperty("arguments").GetString()!;
}
