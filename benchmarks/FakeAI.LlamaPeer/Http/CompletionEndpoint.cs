using FakeAI.Protocol.Completions;
using FakeAI.Protocol.Json;

namespace FakeAI.LlamaPeer.Http;

/// <summary>POST /v1/completions with one text prompt; streams one chunk per token like <see cref="ChatEndpoint"/>.</summary>
internal static class CompletionEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext http, Generation generation, CancellationToken cancellationToken)
    {
        var (body, invalid) = await PeerResponses.ReadAsync(http.Request, ProtocolJsonContext.Default.CompletionRequest, cancellationToken);
        if (invalid is not null)
        {
            return invalid;
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
        var usage = PeerResponses.Usage(request);
        CompletionResponse Chunk(IReadOnlyList<CompletionChoice> choices) => new() { Id = id, Created = created, Model = generation.ModelName, Choices = choices };
        if (body.Stream != true)
        {
            var text = await PeerResponses.CollectAsync(request, cancellationToken);
            return Results.Json(Chunk([new CompletionChoice { Text = text, FinishReason = "length" }]) with { Usage = usage }, ProtocolJsonContext.Default.CompletionResponse);
        }

        await PeerResponses.StreamAsync(
            http.Response,
            request,
            (piece, _) => Chunk([new CompletionChoice { Text = piece }]),
            Chunk([new CompletionChoice { Text = string.Empty, FinishReason = "length" }]),
            body.StreamOptions?.IncludeUsage == true ? Chunk([]) with { Usage = usage } : null,
            ProtocolJsonContext.Default.CompletionResponse,
            cancellationToken);
        return Results.Empty;
    }
}
