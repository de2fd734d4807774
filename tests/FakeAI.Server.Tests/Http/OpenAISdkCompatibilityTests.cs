using System.ClientModel;
using System.ClientModel.Primitives;
using FakeAI.Protocol.Tokenization;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Embeddings;
using OpenAI.Models;

namespace FakeAI.Server.Tests.Http;

public sealed class OpenAISdkCompatibilityTests
{
    private static OpenAIClientOptions ClientOptions(FakeAIServer server) => new() { Endpoint = new Uri(server.Url, "/v1") };

    [Fact]
    public async Task Streaming_chat_yields_one_update_per_token_and_matching_usage()
    {
        await using var server = await TestServers.StartAsync();
        var client = new ChatClient("meta-llama/Llama-3.1-8B-Instruct", new ApiKeyCredential("unused"), ClientOptions(server));

        var contentUpdates = 0;
        var text = new System.Text.StringBuilder();
        ChatTokenUsage? usage = null;
        ChatFinishReason? finish = null;
        await foreach (var update in client.CompleteChatStreamingAsync(
            [new UserChatMessage("Tell me a story about a fast server.")],
            new ChatCompletionOptions { MaxOutputTokenCount = 37 }))
        {
            foreach (var part in update.ContentUpdate)
            {
                if (part.Text.Length > 0)
                {
                    contentUpdates++;
                    text.Append(part.Text);
                }
            }

            usage ??= update.Usage;
            finish ??= update.FinishReason;
        }

        Assert.Equal(37, contentUpdates);
        Assert.NotNull(usage);
        Assert.Equal(37, usage.OutputTokenCount);
        Assert.Equal(37, TokenizerService.Get(TokenizerEncoding.O200kBase).CountTokens(text.ToString()));
        Assert.Equal(TokenizerService.Get(TokenizerEncoding.O200kBase).CountTokens("Tell me a story about a fast server."), usage.InputTokenCount);
        Assert.Equal(ChatFinishReason.Length, finish);
    }

    [Fact]
    public async Task Non_streaming_chat_returns_exactly_the_requested_tokens()
    {
        await using var server = await TestServers.StartAsync();
        var client = new ChatClient("gpt-4o", new ApiKeyCredential("unused"), ClientOptions(server));

        ChatCompletion completion = await client.CompleteChatAsync(
            [new SystemChatMessage("Be brief."), new UserChatMessage("Hello")],
            new ChatCompletionOptions { MaxOutputTokenCount = 64 });

        Assert.Equal(64, completion.Usage.OutputTokenCount);
        Assert.Equal(64, TokenizerService.Get(TokenizerEncoding.O200kBase).CountTokens(completion.Content[0].Text));
        Assert.Equal(ChatFinishReason.Length, completion.FinishReason);
        Assert.Equal("gpt-4o", completion.Model);
        Assert.StartsWith("chatcmpl-", completion.Id, StringComparison.Ordinal);
    }

    /// <summary>
    /// The SDK's typed options keep <c>n</c> internal (2.15.0), so the request goes through its protocol method; the reply
    /// must still parse into the SDK's own model, which exposes the first choice and the usage of all of them.
    /// </summary>
    [Fact]
    public async Task Chat_with_n_parses_into_the_sdk_model()
    {
        await using var server = await TestServers.StartAsync();
        var client = new ChatClient("gpt-4o", new ApiKeyCredential("unused"), ClientOptions(server));

        ClientResult result = await client.CompleteChatAsync(BinaryContent.Create(BinaryData.FromString(
            """{"model":"gpt-4o","messages":[{"role":"user","content":"Hello"}],"max_completion_tokens":20,"n":3}""")));
        var raw = result.GetRawResponse().Content;
        var completion = ModelReaderWriter.Read<ChatCompletion>(raw)!;

        using var json = System.Text.Json.JsonDocument.Parse(raw.ToString());
        var texts = json.RootElement.GetProperty("choices").EnumerateArray()
            .Select(c => c.GetProperty("message").GetProperty("content").GetString()!).ToArray();
        Assert.Equal(3, texts.Distinct().Count());
        Assert.Equal(texts[0], completion.Content[0].Text);
        Assert.Equal(ChatFinishReason.Length, completion.FinishReason);
        Assert.Equal(60, completion.Usage.OutputTokenCount);
        Assert.Equal(60, texts.Sum(t => TokenizerService.Get(TokenizerEncoding.O200kBase).CountTokens(t)));
    }

    [Fact]
    public async Task Embeddings_honour_dimensions_and_are_unit_length()
    {
        await using var server = await TestServers.StartAsync();
        var client = new EmbeddingClient("text-embedding-3-small", new ApiKeyCredential("unused"), ClientOptions(server));

        OpenAIEmbedding defaultSize = await client.GenerateEmbeddingAsync("hello world");
        OpenAIEmbedding small = await client.GenerateEmbeddingAsync("hello world", new EmbeddingGenerationOptions { Dimensions = 256 });

        Assert.Equal(1536, defaultSize.ToFloats().Length);
        var vector = small.ToFloats().ToArray();
        Assert.Equal(256, vector.Length);
        Assert.Equal(1.0, Math.Sqrt(vector.Sum(v => (double)v * v)), 4);
    }

    [Fact]
    public async Task Models_list_and_get_including_ids_with_slashes()
    {
        await using var server = await TestServers.StartAsync();
        var client = new OpenAIModelClient(new ApiKeyCredential("unused"), ClientOptions(server));

        OpenAIModelCollection models = await client.GetModelsAsync();
        OpenAIModel model = await client.GetModelAsync("deepseek-ai/DeepSeek-R1");

        Assert.Contains(models, m => m.Id == "openai/gpt-oss-120b");
        Assert.Contains(models, m => m.Id == "sentence-transformers/all-mpnet-base-v2");
        Assert.Equal("deepseek-ai/DeepSeek-R1", model.Id);
    }
}
