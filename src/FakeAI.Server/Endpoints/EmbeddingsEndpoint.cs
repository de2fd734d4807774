using System.Globalization;
using System.Text.Json;
using FakeAI.Protocol.Embeddings;
using FakeAI.Protocol.Json;
using FakeAI.Protocol.Usage;
using FakeAI.Server.Catalog;
using FakeAI.Server.Generation;
using FakeAI.Server.Http;
using Microsoft.AspNetCore.Http;

namespace FakeAI.Server.Endpoints;

/// <summary><c>POST /v1/embeddings</c>: one deterministic unit vector per input, without simulated latency.</summary>
internal sealed class EmbeddingsEndpoint(ServerState state)
{
    /// <summary>Largest accepted <c>dimensions</c>.</summary>
    public const int MaxDimensions = 8192;

    public async Task HandleAsync(HttpContext context)
    {
        var request = await RequestReader.ReadAsync(context, ProtocolJsonContext.Default.EmbeddingRequest);
        var model = state.ResolveModel(request.Model);
        var items = request.Input?.Items;
        if (items is null || items.Count == 0)
        {
            throw ApiException.BadRequest("You must provide an 'input'.", "input", "missing_required_parameter");
        }

        var dimensions = request.Dimensions ?? model.EmbeddingDimensions ?? ModelCatalog.DefaultEmbeddingDimensions;
        if (dimensions is < 1 or > MaxDimensions)
        {
            throw ApiException.BadRequest(string.Create(CultureInfo.InvariantCulture, $"'dimensions' must be between 1 and {MaxDimensions}."), "dimensions", "invalid_value");
        }

        var base64 = request.EncodingFormat switch
        {
            null or "float" => false,
            "base64" => true,
            _ => throw ApiException.BadRequest("'encoding_format' must be 'float' or 'base64'.", "encoding_format", "invalid_value"),
        };

        var tokenizer = state.VocabularyFor(model).Tokenizer;
        var data = new EmbeddingData[items.Count];
        var promptTokens = 0;
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (item.Text is "" || item.TokenIds is { Count: 0 })
            {
                throw ApiException.BadRequest("Inputs must not be empty.", "input", "invalid_value");
            }

            var tokens = item.Text is { } text ? tokenizer.CountTokens(text) : item.TokenIds!.Count;
            if (tokens > model.ContextWindow)
            {
                throw ApiException.BadRequest(
                    string.Create(CultureInfo.InvariantCulture, $"This model's maximum context length is {model.ContextWindow} tokens, but input {i} has {tokens} tokens."),
                    "input",
                    "context_length_exceeded");
            }

            promptTokens += tokens;
            var vector = item.Text is { } t ? EmbeddingGenerator.FromText(t, dimensions) : EmbeddingGenerator.FromTokens(item.TokenIds!, dimensions);
            data[i] = new EmbeddingData { Index = i, Embedding = new EmbeddingVector(vector, base64) };
        }

        state.Metrics.RequestStarted(model.Id, promptTokens);
        state.Metrics.RequestEnded(model.Id);
        var body = new EmbeddingResponse
        {
            Data = data,
            Model = model.Id,
            Usage = new UsageInfo { PromptTokens = promptTokens, TotalTokens = promptTokens },
        };
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body, body, ProtocolJsonContext.Default.EmbeddingResponse, context.RequestAborted);
    }
}
