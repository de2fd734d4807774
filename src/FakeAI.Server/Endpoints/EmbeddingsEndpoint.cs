using System.Globalization;
using FakeAI.Protocol.Embeddings;
using FakeAI.Protocol.Json;
using FakeAI.Protocol.Usage;
using FakeAI.Server.Catalog;
using FakeAI.Server.Generation;
using FakeAI.Server.Http;
using Microsoft.AspNetCore.Http;

namespace FakeAI.Server.Endpoints;

/// <summary>
/// <c>POST /v1/embeddings</c>: one deterministic unit vector per input, without simulated latency. An input longer than
/// the model's context window is truncated to it (the vector is that of the kept part) unless the server runs with
/// strict input length (<see cref="InputWindow"/>).
/// </summary>
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
        var strict = state.Options.StrictInputLength;
        var data = new EmbeddingData[items.Count];
        var promptTokens = 0;
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (item.Text is "" || item.TokenIds is { Count: 0 })
            {
                throw ApiException.BadRequest("Inputs must not be empty.", "input", "invalid_value");
            }

            float[] vector;
            int tokens;
            if (item.Text is { } text)
            {
                tokens = tokenizer.CountTokens(text);
                if (tokens > model.ContextWindow)
                {
                    InputWindow.EnsureTruncationAllowed(strict, Param(i, items.Count), tokens, model.ContextWindow);
                    text = InputWindow.Truncate(tokenizer, text, model.ContextWindow, out tokens);
                }

                vector = EmbeddingGenerator.FromText(text, dimensions);
            }
            else
            {
                IReadOnlyList<int> ids = item.TokenIds!;
                if (ids.Count > model.ContextWindow)
                {
                    InputWindow.EnsureTruncationAllowed(strict, Param(i, items.Count), ids.Count, model.ContextWindow);
                    ids = [.. ids.Take(model.ContextWindow)];
                }

                tokens = ids.Count;
                vector = EmbeddingGenerator.FromTokens(ids, dimensions);
            }

            promptTokens += tokens;
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
        await JsonResponse.WriteAsync(context, body, ProtocolJsonContext.Default.EmbeddingResponse);
    }

    private static string Param(int index, int count) =>
        count == 1 ? "input" : string.Create(CultureInfo.InvariantCulture, $"input[{index}]");
}
