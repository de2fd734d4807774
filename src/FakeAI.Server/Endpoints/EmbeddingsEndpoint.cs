using System.Globalization;
using System.Text.Json;
using FakeAI.Protocol.Completions;
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

    /// <summary>The most inputs one request may embed (OpenAI's limit).</summary>
    public const int MaxInputs = 2048;

    /// <summary>The most tokens summed over all inputs of one request (OpenAI's limit).</summary>
    public const int MaxTokensPerRequest = 300_000;

    private const int FlushBytes = 64 * 1024;

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

        if (items.Count > MaxInputs)
        {
            throw ApiException.BadRequest(
                string.Create(CultureInfo.InvariantCulture, $"'input' may hold at most {MaxInputs} items, got {items.Count}."), "input", "invalid_value");
        }

        var tokenizer = state.VocabularyFor(model).Tokenizer;
        var strict = state.Options.StrictInputLength;
        var kept = new PromptItem[items.Count];
        var promptTokens = 0L;
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (item.Text is "" || item.TokenIds is { Count: 0 })
            {
                throw ApiException.BadRequest("Inputs must not be empty.", "input", "invalid_value");
            }

            int tokens;
            if (item.Text is { } text)
            {
                tokens = BoundedTokenization.Count(tokenizer, text);
                if (tokens > model.ContextWindow)
                {
                    InputWindow.EnsureTruncationAllowed(strict, Param(i, items.Count), tokens, model.ContextWindow);
                    item = PromptItem.FromText(InputWindow.Truncate(tokenizer, text, model.ContextWindow, out tokens));
                }
            }
            else
            {
                IReadOnlyList<int> ids = item.TokenIds!;
                if (ids.Count > model.ContextWindow)
                {
                    InputWindow.EnsureTruncationAllowed(strict, Param(i, items.Count), ids.Count, model.ContextWindow);
                    item = new PromptItem(null, [.. ids.Take(model.ContextWindow)]);
                }

                tokens = item.TokenIds!.Count;
            }

            promptTokens += tokens;
            kept[i] = item;
        }

        if (promptTokens > MaxTokensPerRequest)
        {
            throw new ApiException(
                StatusCodes.Status400BadRequest,
                string.Create(CultureInfo.InvariantCulture, $"Requested {promptTokens} tokens, max {MaxTokensPerRequest} tokens per request"),
                "max_tokens_per_request",
                null,
                "max_tokens_per_request");
        }

        if (state.Admission is { } admission)
        {
            await admission.AdmitAsync(context, model.Id, promptTokens, 0);
        }

        state.Metrics.RequestStarted(model.Id, (int)promptTokens);
        state.Metrics.RequestEnded(model.Id);
        await WriteResponseAsync(context, kept, model.Id, dimensions, base64, (int)promptTokens);
    }

    /// <summary>
    /// Streams <c>{"object":"list","data":[…],"model","usage"}</c> one vector at a time, flushing as it goes, so a
    /// response of 2,048 × 8,192 floats never sits in memory whole.
    /// </summary>
    private static async Task WriteResponseAsync(HttpContext context, PromptItem[] items, string model, int dimensions, bool base64, int promptTokens)
    {
        var response = context.Response;
        response.ContentType = "application/json";
        var body = response.BodyWriter;
        var cancellationToken = context.RequestAborted;
        await using var json = new Utf8JsonWriter(body);
        json.WriteStartObject();
        json.WriteString("object", "list");
        json.WriteStartArray("data");

        // One vector buffer for the whole response: each vector is written out before the next one is generated.
        var vector = new float[dimensions];
        var embedding = new EmbeddingVector(vector, base64);

        // Counted from the writer's total: its pending bytes restart whenever it fetches a new buffer from the pipe (every
        // few KB), so "pending >= 64 KB" was never true and a 215 MB response piled up unsent in the pipe.
        var flushedAt = 0L;
        for (var i = 0; i < items.Length; i++)
        {
            var item = items[i];
            if (item.Text is { } t)
            {
                EmbeddingGenerator.FromText(t, vector);
            }
            else
            {
                EmbeddingGenerator.FromTokens(item.TokenIds!, vector);
            }

            JsonSerializer.Serialize(json, new EmbeddingData { Index = i, Embedding = embedding }, ProtocolJsonContext.Default.EmbeddingData);
            if (json.BytesCommitted + json.BytesPending - flushedAt >= FlushBytes)
            {
                json.Flush();
                await body.FlushAsync(cancellationToken);
                flushedAt = json.BytesCommitted;
            }
        }

        json.WriteEndArray();
        json.WriteString("model", model);
        json.WritePropertyName("usage");
        JsonSerializer.Serialize(json, new UsageInfo { PromptTokens = promptTokens, TotalTokens = promptTokens }, ProtocolJsonContext.Default.UsageInfo);
        json.WriteEndObject();
        json.Flush();
        await body.FlushAsync(cancellationToken);
    }

    private static string Param(int index, int count) =>
        count == 1 ? "input" : string.Create(CultureInfo.InvariantCulture, $"input[{index}]");
}
