using System.Net;
using System.Text.Json;
using FakeAI.Protocol.Tokenization;

namespace FakeAI.Server.Tests.Http;

/// <summary>Options whose effect is not covered elsewhere.</summary>
public sealed class OptionEffectTests
{
    [Fact]
    public async Task Default_context_window_limits_unknown_models()
    {
        await using var server = await TestServers.StartAsync(o => o.DefaultContextWindow = 50);
        using var client = TestServers.Client(server);

        using var tooLong = await client.PostAsync("/v1/chat/completions", TestServers.Json("""{"model":"custom","messages":[{"role":"user","content":"hi"}],"max_tokens":60}"""));
        using var fits = await client.PostAsync("/v1/chat/completions", TestServers.Json("""{"model":"custom","messages":[{"role":"user","content":"hi"}],"max_tokens":40}"""));

        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("context_length_exceeded", await tooLong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, fits.StatusCode);
    }

    [Fact]
    public async Task Tokenizer_option_sets_the_encoding_of_models_without_their_own()
    {
        const string text = "Привет, как дела? 你好世界, ∑ and ⇒ symbols";
        var o200k = TokenizerService.Get(TokenizerEncoding.O200kBase).CountTokens(text);
        var cl100k = TokenizerService.Get(TokenizerEncoding.Cl100kBase).CountTokens(text);
        Assert.NotEqual(o200k, cl100k);
        await using var server = await TestServers.StartAsync(o => o.Tokenizer = TokenizerEncoding.Cl100kBase);
        using var client = TestServers.Client(server);

        using var response = await client.PostAsync("/v1/chat/completions", TestServers.Json(
            $$"""{"model":"custom","messages":[{"role":"user","content":"{{text}}"}],"max_tokens":30}"""));
        var root = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(cl100k, root.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
        var content = root.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;
        Assert.Equal(30, TokenizerService.Get(TokenizerEncoding.Cl100kBase).CountTokens(content));
    }
}
