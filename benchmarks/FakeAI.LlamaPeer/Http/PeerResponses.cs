using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using FakeAI.LlamaPeer.Engine;
using FakeAI.Protocol.Sse;
using FakeAI.Protocol.Usage;

namespace FakeAI.LlamaPeer.Http;

/// <summary>What the chat and completions endpoints share: reading the body, the usage, a whole answer and a stream.</summary>
internal static class PeerResponses
{
    /// <summary>The request body, or a 400 when it is not valid JSON.</summary>
    public static async Task<(T? Body, IResult? Error)> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        try
        {
            return (await JsonSerializer.DeserializeAsync(request.Body, type, cancellationToken), null);
        }
        catch (JsonException exception)
        {
            return (default, PeerErrors.BadRequest($"Invalid JSON body: {exception.Message}"));
        }
    }

    /// <summary>Every request generates exactly its maximum, so the counts are known before the first token.</summary>
    public static UsageInfo Usage(PeerRequest request) =>
        new() { PromptTokens = request.Prompt.Length, CompletionTokens = request.MaxTokens, TotalTokens = request.Prompt.Length + request.MaxTokens };

    /// <summary>The whole answer, for a non-streaming response.</summary>
    public static async Task<string> CollectAsync(PeerRequest request, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        await foreach (var piece in request.Output.ReadAllAsync(cancellationToken))
        {
            text.Append(piece);
        }

        return text.ToString();
    }

    /// <summary>
    /// One SSE chunk per token as it is decoded (<paramref name="tokenChunk"/> gets the text and whether it is the first),
    /// then the finish chunk, the usage chunk when asked for, and <c>[DONE]</c>.
    /// </summary>
    public static async Task StreamAsync<TChunk>(
        HttpResponse response, PeerRequest request, Func<string, bool, TChunk> tokenChunk, TChunk finishChunk, TChunk? usageChunk,
        JsonTypeInfo<TChunk> type, CancellationToken cancellationToken)
        where TChunk : class
    {
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        var writer = response.BodyWriter;
        var first = true;
        await foreach (var piece in request.Output.ReadAllAsync(cancellationToken))
        {
            SseFraming.WriteJsonEvent(writer, tokenChunk(piece, first), type);
            first = false;
            await writer.FlushAsync(cancellationToken);
        }

        SseFraming.WriteJsonEvent(writer, finishChunk, type);
        if (usageChunk is not null)
        {
            SseFraming.WriteJsonEvent(writer, usageChunk, type);
        }

        SseFraming.WriteDone(writer);
        await writer.FlushAsync(cancellationToken);
    }
}
