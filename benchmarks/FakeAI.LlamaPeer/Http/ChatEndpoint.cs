using System.Text;
using System.Text.Json;
using FakeAI.LlamaPeer.Engine;
using FakeAI.Protocol.Chat;
using FakeAI.Protocol.Json;
using FakeAI.Protocol.Sse;
using FakeAI.Protocol.Usage;

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
        ChatCompletionRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync(http.Request.Body, ProtocolJsonContext.Default.ChatCompletionRequest, cancellationToken);
        }
        catch (JsonException exception)
        {
            return PeerErrors.BadRequest($"Invalid JSON body: {exception.Message}");
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
        var usage = new UsageInfo { PromptTokens = request.Prompt.Length, CompletionTokens = request.MaxTokens, TotalTokens = request.Prompt.Length + request.MaxTokens };
        if (body.Stream != true)
        {
            var text = new StringBuilder();
            await foreach (var piece in request.Output.ReadAllAsync(cancellationToken))
            {
                text.Append(piece);
            }

            var response = new ChatCompletionResponse
            {
                Id = id,
                Created = created,
                Model = generation.ModelName,
                Choices = [new ChatChoice { Message = new ChatResponseMessage { Content = text.ToString() }, FinishReason = "length" }],
                Usage = usage,
            };
            return Results.Json(response, ProtocolJsonContext.Default.ChatCompletionResponse);
        }

        await StreamAsync(http.Response, request, id, created, generation.ModelName, body.StreamOptions?.IncludeUsage == true ? usage : null, cancellationToken);
        return Results.Empty;
    }

    private static async Task StreamAsync(HttpResponse response, PeerRequest request, string id, long created, string model, UsageInfo? usage, CancellationToken cancellationToken)
    {
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        var writer = response.BodyWriter;
        var first = true;
        await foreach (var piece in request.Output.ReadAllAsync(cancellationToken))
        {
            var delta = new ChatDelta { Role = first ? "assistant" : null, Content = piece };
            first = false;
            SseFraming.WriteJsonEvent(writer, Chunk(id, created, model, [new ChatChunkChoice { Delta = delta }]), ProtocolJsonContext.Default.ChatCompletionChunk);
            await writer.FlushAsync(cancellationToken);
        }

        SseFraming.WriteJsonEvent(writer, Chunk(id, created, model, [new ChatChunkChoice { Delta = new ChatDelta(), FinishReason = "length" }]), ProtocolJsonContext.Default.ChatCompletionChunk);
        if (usage is not null)
        {
            SseFraming.WriteJsonEvent(writer, Chunk(id, created, model, []) with { Usage = usage }, ProtocolJsonContext.Default.ChatCompletionChunk);
        }

        SseFraming.WriteDone(writer);
        await writer.FlushAsync(cancellationToken);
    }

    private static ChatCompletionChunk Chunk(string id, long created, string model, IReadOnlyList<ChatChunkChoice> choices) =>
        new() { Id = id, Created = created, Model = model, Choices = choices };
}
