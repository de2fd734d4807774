using System.Diagnostics;
using System.Net;
using System.Text.Json;
using FakeAI.Protocol.Tokenization;

namespace FakeAI.Server.Tests.Http;

/// <summary><c>n</c> choices per prompt and lists of prompts, as OpenAI and vLLM answer them.</summary>
public sealed class MultipleChoicesTests
{
    private static readonly Microsoft.ML.Tokenizers.Tokenizer O200k = TokenizerService.Get(TokenizerEncoding.O200kBase);
    private static readonly Microsoft.ML.Tokenizers.Tokenizer Cl100k = TokenizerService.Get(TokenizerEncoding.Cl100kBase);

    private static async Task<(HttpStatusCode Status, string Body)> PostAsync(FakeAIServer server, string path, string json)
    {
        using var client = TestServers.Client(server);
        using var response = await client.PostAsync(path, TestServers.Json(json));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static JsonElement Root(string body) => JsonDocument.Parse(body).RootElement.Clone();

    private static string ChatText(JsonElement choice) => choice.GetProperty("message").GetProperty("content").GetString()!;

    [Fact]
    public async Task Chat_n3_returns_three_distinct_indexed_choices_and_sums_their_tokens()
    {
        await using var server = await TestServers.StartAsync();
        const string request = """{"model":"gpt-4o","messages":[{"role":"user","content":"hello there"}],"max_tokens":60,"seed":7,"stop":["."]""";
        var (status, body) = await PostAsync(server, "/v1/chat/completions", request + ",\"n\":3}");
        var (_, again) = await PostAsync(server, "/v1/chat/completions", request + ",\"n\":3}");
        var (_, single) = await PostAsync(server, "/v1/chat/completions", request + "}");

        Assert.Equal(HttpStatusCode.OK, status);
        var root = Root(body);
        var choices = root.GetProperty("choices").EnumerateArray().ToArray();
        Assert.Equal([0, 1, 2], choices.Select(c => c.GetProperty("index").GetInt32()));
        var texts = choices.Select(ChatText).ToArray();
        Assert.Equal(3, texts.Distinct().Count());
        Assert.All(choices, c => Assert.Equal("stop", c.GetProperty("finish_reason").GetString()));
        Assert.All(texts, t => Assert.DoesNotContain(".", t, StringComparison.Ordinal));
        var usage = root.GetProperty("usage");
        Assert.Equal(texts.Sum(t => O200k.CountTokens(t)), usage.GetProperty("completion_tokens").GetInt32());
        Assert.Equal(2, usage.GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(usage.GetProperty("prompt_tokens").GetInt32() + usage.GetProperty("completion_tokens").GetInt32(), usage.GetProperty("total_tokens").GetInt32());

        // Deterministic per seed, and choice 0 is what n=1 would have said.
        Assert.Equal(texts, Root(again).GetProperty("choices").EnumerateArray().Select(ChatText));
        Assert.Equal(texts[0], ChatText(Root(single).GetProperty("choices")[0]));
    }

    [Fact]
    public async Task Streaming_chat_n2_interleaves_one_token_chunks_with_a_role_and_finish_per_choice()
    {
        await using var server = await TestServers.StartAsync();
        const string request = """{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}],"max_tokens":80,"seed":11,"stop":".","n":2""";
        var (_, streamed) = await PostAsync(server, "/v1/chat/completions", request + ",\"stream\":true,\"stream_options\":{\"include_usage\":true}}");
        var (_, whole) = await PostAsync(server, "/v1/chat/completions", request + "}");

        var chunks = Sse.Chunks(streamed);
        var usage = chunks[^1].GetProperty("usage");
        Assert.Equal(0, chunks[^1].GetProperty("choices").GetArrayLength());
        var perChoice = chunks.Take(chunks.Count - 1).Select(c =>
        {
            var choices = c.GetProperty("choices");
            Assert.Equal(1, choices.GetArrayLength());
            return choices[0];
        }).ToArray();

        Assert.Equal(["assistant", "assistant"], perChoice.Take(2).Select(c => c.GetProperty("delta").GetProperty("role").GetString()));
        Assert.Equal([0, 1], perChoice.Take(2).Select(c => c.GetProperty("index").GetInt32()));
        var tokens = perChoice.Skip(2).Where(c => c.GetProperty("delta").TryGetProperty("content", out _)).ToArray();
        var texts = new string[2];
        for (var index = 0; index < 2; index++)
        {
            var mine = perChoice.Where(c => c.GetProperty("index").GetInt32() == index).ToArray();
            var content = mine.Skip(1).TakeWhile(c => c.GetProperty("delta").TryGetProperty("content", out _))
                .Select(c => c.GetProperty("delta").GetProperty("content").GetString()!).ToArray();
            texts[index] = string.Concat(content);
            Assert.All(content, Assert.NotEmpty);
            Assert.Equal(content.Length, O200k.CountTokens(texts[index]));
            Assert.Equal(mine.Length, content.Length + 2);
            Assert.Equal("stop", mine[^1].GetProperty("finish_reason").GetString());
            Assert.Empty(mine[^1].GetProperty("delta").EnumerateObject());
        }

        Assert.NotEqual(texts[0], texts[1]);
        Assert.Equal(texts, Root(whole).GetProperty("choices").EnumerateArray().Select(ChatText));
        Assert.Equal(O200k.CountTokens(texts[0]) + O200k.CountTokens(texts[1]), usage.GetProperty("completion_tokens").GetInt32());

        // Token k of every choice goes out in step k, in index order: 0,1,0,1,… until the shorter choice has finished.
        var lengths = texts.Select(t => O200k.CountTokens(t)).ToArray();
        var expectedOrder = Enumerable.Range(0, lengths.Max()).SelectMany(k => Enumerable.Range(0, 2).Where(c => k < lengths[c]));
        Assert.Equal(expectedOrder, tokens.Select(c => c.GetProperty("index").GetInt32()));
    }

    [Fact]
    public async Task Streaming_reasoning_choices_each_reason_first_and_usage_sums_the_reasoning()
    {
        await using var server = await TestServers.StartAsync(o => o.ReasoningTokens = 4);
        var (_, body) = await PostAsync(server, "/v1/chat/completions",
            """{"model":"openai/gpt-oss-120b","messages":[{"role":"user","content":"why?"}],"max_tokens":10,"n":2,"stream":true,"stream_options":{"include_usage":true}}""");

        var chunks = Sse.Chunks(body);
        for (var index = 0; index < 2; index++)
        {
            var deltas = chunks.Where(c => c.GetProperty("choices").GetArrayLength() == 1 && c.GetProperty("choices")[0].GetProperty("index").GetInt32() == index)
                .Select(c => c.GetProperty("choices")[0].GetProperty("delta")).Skip(1).ToArray();
            Assert.Equal(4, deltas.TakeWhile(d => d.TryGetProperty("reasoning_content", out _)).Count());
            Assert.Equal(6, deltas.Skip(4).TakeWhile(d => d.TryGetProperty("content", out _)).Count());
        }

        var usage = chunks[^1].GetProperty("usage");
        Assert.Equal(20, usage.GetProperty("completion_tokens").GetInt32());
        Assert.Equal(8, usage.GetProperty("completion_tokens_details").GetProperty("reasoning_tokens").GetInt32());
    }

    [Fact]
    public async Task A_choice_a_stop_string_empties_still_gets_its_role_and_finish_chunks()
    {
        await using var server = await TestServers.StartAsync();
        const string request = """{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}],"max_tokens":30,"seed":5,"n":2""";
        var (_, plain) = await PostAsync(server, "/v1/chat/completions", request + "}");
        var secondText = ChatText(Root(plain).GetProperty("choices")[1]);
        var firstWord = secondText.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];

        var (status, body) = await PostAsync(server, "/v1/chat/completions",
            request + ",\"stop\":" + JsonSerializer.Serialize(firstWord) + ",\"stream\":true,\"stream_options\":{\"include_usage\":true}}");

        Assert.Equal(HttpStatusCode.OK, status);
        var chunks = Sse.Chunks(body);
        var second = chunks.Where(c => c.GetProperty("choices").GetArrayLength() == 1 && c.GetProperty("choices")[0].GetProperty("index").GetInt32() == 1)
            .Select(c => c.GetProperty("choices")[0]).ToArray();
        Assert.Equal(2, second.Length);
        Assert.Equal("assistant", second[0].GetProperty("delta").GetProperty("role").GetString());
        Assert.Equal("stop", second[1].GetProperty("finish_reason").GetString());
        var firstChoiceText = string.Concat(chunks.Where(c => c.GetProperty("choices").GetArrayLength() == 1 && c.GetProperty("choices")[0].GetProperty("index").GetInt32() == 0)
            .Select(c => c.GetProperty("choices")[0].GetProperty("delta")).Where(d => d.TryGetProperty("content", out _)).Select(d => d.GetProperty("content").GetString()));
        Assert.Equal(O200k.CountTokens(firstChoiceText), chunks[^1].GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    [Fact]
    public async Task Choices_share_one_schedule_instead_of_taking_turns()
    {
        await using var server = await TestServers.StartAsync(o => o.Itl = LatencySpec.Exact(40));
        using var client = TestServers.Client(server);

        var started = Stopwatch.GetTimestamp();
        using var response = await client.PostAsync("/v1/chat/completions", TestServers.Json(
            """{"model":"m","messages":[{"role":"user","content":"hi"}],"max_tokens":11,"n":8,"stream":true}"""));
        var body = await response.Content.ReadAsStringAsync();
        var elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;

        // 10 intervals of 40 ms whatever n is: 8 choices taking turns would need 8 × 400 ms. Generous upper bound for a
        // loaded machine; the lower bound is exact since no token is ever early.
        Assert.Equal(8 * 11, Sse.Chunks(body).Count(c => c.GetProperty("choices")[0].GetProperty("delta").TryGetProperty("content", out var t) && t.GetString()!.Length > 0));
        Assert.InRange(elapsedMs, 395, 2_500);
    }

    [Fact]
    public async Task Completions_with_two_prompts_and_n2_answer_prompt_major_with_summed_prompt_tokens()
    {
        await using var server = await TestServers.StartAsync();
        var (status, body) = await PostAsync(server, "/v1/completions",
            """{"model":"gpt-4","prompt":["hello world","foo"],"max_tokens":9,"n":2,"echo":true,"seed":3}""");

        Assert.Equal(HttpStatusCode.OK, status);
        var root = Root(body);
        var choices = root.GetProperty("choices").EnumerateArray().ToArray();
        Assert.Equal([0, 1, 2, 3], choices.Select(c => c.GetProperty("index").GetInt32()));
        var texts = choices.Select(c => c.GetProperty("text").GetString()!).ToArray();
        Assert.All(texts.Take(2), t => Assert.StartsWith("hello world", t, StringComparison.Ordinal));
        Assert.All(texts.Skip(2), t => Assert.StartsWith("foo", t, StringComparison.Ordinal));
        var generated = texts.Select((t, i) => t[(i < 2 ? "hello world" : "foo").Length..]).ToArray();
        Assert.Equal(4, generated.Distinct().Count());
        Assert.All(generated, g => Assert.Equal(9, Cl100k.CountTokens(g)));
        var usage = root.GetProperty("usage");
        Assert.Equal(Cl100k.CountTokens("hello world") + Cl100k.CountTokens("foo"), usage.GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(36, usage.GetProperty("completion_tokens").GetInt32());
    }

    [Fact]
    public async Task Streaming_completions_with_two_prompts_send_each_choice_its_tokens_and_finish()
    {
        await using var server = await TestServers.StartAsync();
        var (_, body) = await PostAsync(server, "/v1/completions",
            """{"model":"gpt-4","prompt":["hello world","foo"],"max_tokens":6,"stream":true,"stream_options":{"include_usage":true}}""");

        var chunks = Sse.Chunks(body);
        Assert.Equal(2 * 6 + 2 + 1, chunks.Count);
        var choices = chunks.Take(chunks.Count - 1).Select(c => c.GetProperty("choices")[0]).ToArray();
        for (var index = 0; index < 2; index++)
        {
            var mine = choices.Where(c => c.GetProperty("index").GetInt32() == index).ToArray();
            Assert.Equal(7, mine.Length);
            Assert.Equal(6, Cl100k.CountTokens(string.Concat(mine.Take(6).Select(c => c.GetProperty("text").GetString()))));
            Assert.Equal("length", mine[^1].GetProperty("finish_reason").GetString());
        }

        Assert.Equal(12, chunks[^1].GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    [Fact]
    public async Task Token_id_prompt_lists_get_one_choice_each_and_the_context_window_applies_per_prompt()
    {
        await using var server = await TestServers.StartAsync();
        static string Ids(int count) => "[" + string.Join(',', Enumerable.Repeat("15", count)) + "]";

        // gpt-4 has an 8,192-token window: two 5,000-token prompts fit one by one though not together.
        var (status, body) = await PostAsync(server, "/v1/completions",
            $$"""{"model":"gpt-4","prompt":[{{Ids(5000)}},{{Ids(5000)}}],"max_tokens":4}""");
        var (tooLong, error) = await PostAsync(server, "/v1/completions",
            $$"""{"model":"gpt-4","prompt":[{{Ids(10)}},{{Ids(8190)}}],"max_tokens":4}""");

        Assert.Equal(HttpStatusCode.OK, status);
        var root = Root(body);
        Assert.Equal(2, root.GetProperty("choices").GetArrayLength());
        Assert.Equal(10_000, root.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, tooLong);
        Assert.Equal("context_length_exceeded", Root(error).GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Cached_tokens_come_from_the_first_prompt_and_never_exceed_prompt_tokens()
    {
        await using var server = await TestServers.StartAsync();
        var shared = string.Join(' ', Enumerable.Range(0, 80).Select(i => "word" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var request = JsonSerializer.Serialize(new { model = "m", prompt = new[] { shared, "short" }, max_tokens = 2, n = 2 });
        await PostAsync(server, "/v1/completions", request);
        await TestServers.WaitForKvIdleAsync(server);
        var (_, body) = await PostAsync(server, "/v1/completions", request);

        var usage = Root(body).GetProperty("usage");
        var cached = usage.GetProperty("prompt_tokens_details").GetProperty("cached_tokens").GetInt32();
        Assert.InRange(cached, 16, O200k.CountTokens(shared));
        Assert.Equal(O200k.CountTokens(shared) + O200k.CountTokens("short"), usage.GetProperty("prompt_tokens").GetInt32());
    }

    [Fact]
    public async Task Metrics_count_every_choice_and_each_prompt_once()
    {
        await using var server = await TestServers.StartAsync();
        await PostAsync(server, "/v1/chat/completions", """{"model":"gpt-4o","messages":[{"role":"user","content":"hello there"}],"max_tokens":10,"n":3}""");
        await PostAsync(server, "/v1/chat/completions", """{"model":"gpt-4o","messages":[{"role":"user","content":"hello there"}],"max_tokens":10,"n":3,"stream":true}""");
        using var client = TestServers.Client(server);

        var text = await client.GetStringAsync("/metrics");

        Assert.Contains("vllm:generation_tokens_total{model_name=\"gpt-4o\"} 60", text, StringComparison.Ordinal);
        Assert.Contains("vllm:prompt_tokens_total{model_name=\"gpt-4o\"} 4", text, StringComparison.Ordinal);
        Assert.Contains("vllm:request_success_total{model_name=\"gpt-4o\",finished_reason=\"length\"} 2", text, StringComparison.Ordinal);
        Assert.Contains("vllm:inter_token_latency_seconds_count{model_name=\"gpt-4o\"} 9", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/v1/chat/completions", """{"model":"m","messages":[{"role":"user","content":"hi"}],"n":0}""", "n")]
    [InlineData("/v1/chat/completions", """{"model":"m","messages":[{"role":"user","content":"hi"}],"n":129}""", "n")]
    [InlineData("/v1/chat/completions", """{"model":"m","messages":[{"role":"user","content":"hi"}],"n":-1,"stream":true}""", "n")]
    [InlineData("/v1/completions", """{"model":"m","prompt":"hi","n":0}""", "n")]
    [InlineData("/v1/completions", """{"model":"m","prompt":"hi","n":129}""", "n")]
    public async Task N_outside_1_to_128_is_a_400_naming_n(string path, string json, string param)
    {
        await using var server = await TestServers.StartAsync();

        var (status, body) = await PostAsync(server, path, json);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var error = Root(body).GetProperty("error");
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.Equal("invalid_value", error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Prompts_times_n_beyond_the_request_limit_is_a_400()
    {
        await using var server = await TestServers.StartAsync();
        var prompts = JsonSerializer.Serialize(Enumerable.Repeat("a", 17).ToArray());
        var tooManyPrompts = JsonSerializer.Serialize(Enumerable.Repeat("a", 2049).ToArray());

        var (status, body) = await PostAsync(server, "/v1/completions", $$"""{"model":"m","prompt":{{prompts}},"n":128,"max_tokens":1}""");
        var (status2, body2) = await PostAsync(server, "/v1/completions", $$"""{"model":"m","prompt":{{tooManyPrompts}},"max_tokens":1}""");
        var (ok, _) = await PostAsync(server, "/v1/completions", $$"""{"model":"m","prompt":{{prompts}},"n":120,"max_tokens":1}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("n", Root(body).GetProperty("error").GetProperty("param").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, status2);
        Assert.Equal("prompt", Root(body2).GetProperty("error").GetProperty("param").GetString());
        Assert.Equal(HttpStatusCode.OK, ok);
    }
}
