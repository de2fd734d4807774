using FakeAI.Protocol.Chat;
using FakeAI.Protocol.Json;

namespace FakeAI.LlamaPeer.Http;

/// <summary>
/// POST /v1/chat/completions. The prompt is the messages' contents joined by newlines (no chat template: the model has
/// none and the benchmark only needs a token count); streaming sends one chunk per token, a final chunk with
/// finish_reason "length", the usage chunk when stream_options.include_usage is set, then [DONE].
/// </summary>
internal static class ChatEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext http, Generation generation, CancellationToken cancellationToken)
    {
        var (body, invalid) = await PeerResponses.ReadAsync(http.Request, ProtocolJsonContext.Default.ChatCompletionRequest, cancellationToken);
        if (invalid is not null)
        {
            return invalid;
        }

        if (body?.Messages is not { Count: > 0 } messages)
        {
            return PeerErrors.BadRequest("messages must be a non-empty array", "messages");
        }

        var prompt = string.Join('\n', messages.Select(m => m.Content?.GetText() ?? string.Empty));
        var (request, error) = generation.Start(prompt, body.MaxCompletionTokens ?? body.MaxTokens, http);
        if (request is null)
        {
            return error!;
        }

        var id = "chatcmpl-" + Guid.NewGuid().ToString("N");
        var created = Generation.Now();
        var usage = PeerResponses.Usage(request);
        ChatCompletionChunk Chunk(IReadOnlyList<ChatChunkChoice> choices) => new() { Id = id, Created = created, Model = generation.ModelName, Choices = choices };
        if (body.Stream != true)
        {
            var response = new ChatCompletionResponse
            {
                Id = id,
                Created = created,
                Model = generation.ModelName,
                Choices = [new ChatChoice { Message = new ChatResponseMessage { Content = await PeerResponses.CollectAsync(request, cancellationToken) }, FinishReason = "length" }],
                Usage = usage,
            };
            return Results.Json(response, ProtocolJsonContext.Default.ChatCompletionResponse);
        }

        await PeerResponses.StreamAsync(
            http.Response,
            request,
            (piece, first) => Chunk([new ChatChunkChoice { Delta = new ChatDelta { Role = first ? "assistant" : null, Content = piece } }]),
            Chunk([new ChatChunkChoice { Delta = new ChatDelta(), FinishReason = "length" }]),
            body.StreamOptions?.IncludeUsage == true ? Chunk([]) with { Usage = usage } : null,
            ProtocolJsonContext.Default.ChatCompletionChunk,
            cancellationToken);
        return Results.Empty;
    }
}
