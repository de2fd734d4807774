using System.Text;
using System.Text.Json;
using FakeAI.LlamaPeer.Engine;
using FakeAI.Protocol.Completions;
using FakeAI.Protocol.Json;
using FakeAI.Protocol.Sse;
using FakeAI.Protocol.Usage;

namespace FakeAI.LlamaPeer.Http;

/// <summary>POST /v1/completions with one text prompt; streams one chunk per token like <see cref="ChatEndpoint"/>.</summary>
internal static class CompletionEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext http, Generation generation, CancellationToken cancellationToken)
    {
        CompletionRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync(http.Request.Body, ProtocolJsonContext.Default.CompletionRequest, cancellationToken);
        }
        catch (JsonException exception)
        {
            return PeerErrors.BadRequest($"Invalid JSON body: {exception.Message}");
        }

        if (body?.Prompt?.Items is not [{ Text: { } prompt }])
        {
            return PeerErrors.BadRequest("prompt must be one string", "prompt");
        }

        var (request, error) = generation.Start(prompt, body.MaxTokens, http);
        if (request is null)
        {
            return error!;
        }

        var id = "cmpl-" + Guid.NewGuid().ToString("N");
        var created = Generation.Now();
        var usage = new UsageInfo { PromptTokens = request.Prompt.Length, CompletionTokens = request.MaxTokens, TotalTokens = request.Prompt.Length + request.MaxTokens };
        if (body.Stream != true)
        {
            var text = new StringBuilder();
            await foreach (var piece in request.Output.ReadAllAsync(cancellationToken))
            {
                text.Append(piece);
            }

            return Results.Json(Chunk(id, created, generation.ModelName, [new CompletionChoice { Text = text.ToString(), FinishReason = "length" }]) with { Usage = usage }, ProtocolJsonContext.Default.CompletionResponse);
        }

        await StreamAsync(http.Response, request, id, created, generation.ModelName, body.StreamOptions?.IncludeUsage == true ? usage : null, cancellationToken);
        return Results.Empty;
    }

    private static async Task StreamAsync(HttpResponse response, PeerRequest request, string id, long created, string model, UsageInfo? usage, CancellationToken cancellationToken)
    {
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        var writer = response.BodyWriter;
        await foreach (var piece in request.Output.ReadAllAsync(cancellationToken))
        {
            SseFraming.WriteJsonEvent(writer, Chunk(id, created, model, [new CompletionChoice { Text = piece }]), ProtocolJsonContext.Default.CompletionResponse);
            await writer.FlushAsync(cancellationToken);
        }

        SseFraming.WriteJsonEvent(writer, Chunk(id, created, model, [new CompletionChoice { Text = string.Empty, FinishReason = "length" }]), ProtocolJsonContext.Default.CompletionResponse);
        if (usage is not null)
        {
            SseFraming.WriteJsonEvent(writer, Chunk(id, created, model, []) with { Usage = usage }, ProtocolJsonContext.Default.CompletionResponse);
        }

        SseFraming.WriteDone(writer);
        await writer.FlushAsync(cancellationToken);
    }

    private static CompletionResponse Chunk(string id, long created, string model, IReadOnlyList<CompletionChoice> choices) =>
        new() { Id = id, Created = created, Model = model, Choices = choices };
}
