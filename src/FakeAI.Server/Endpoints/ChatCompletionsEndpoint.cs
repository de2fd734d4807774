using System.Globalization;
using FakeAI.Protocol.Chat;
using FakeAI.Protocol.Json;
using FakeAI.Server.Http;
using FakeAI.Server.Streaming;
using Microsoft.AspNetCore.Http;

namespace FakeAI.Server.Endpoints;

/// <summary><c>POST /v1/chat/completions</c>.</summary>
internal sealed class ChatCompletionsEndpoint(ServerState state, ResponsePlanner planner, ResponseWriter writer)
{
    public async Task HandleAsync(HttpContext context)
    {
        var request = await RequestReader.ReadAsync(context, ProtocolJsonContext.Default.ChatCompletionRequest);
        var start = RequestArrival.Of(context);
        var model = state.ResolveModel(request.Model);
        var vocabulary = state.VocabularyFor(model);
        var promptTokenIds = state.KvCache is null ? null : new List<int>();
        var promptTokens = CountPromptTokens(request.Messages, vocabulary.Tokenizer, promptTokenIds);
        var maxTokens = planner.ResolveMaxTokens(request.MaxCompletionTokens, "max_completion_tokens", request.MaxTokens, "max_tokens");
        var output = new OutputRequest(
            OutputRequestReader.ChatFormat(request.ResponseFormat),
            OutputRequestReader.ChatTools(request.Tools, request.ToolChoice, request.Messages![^1].Role == "tool"));
        if (state.Admission is { } admission)
        {
            start = await admission.AdmitAsync(context, model.Id, Limits.RequestAdmission.EstimateTokens(promptTokens, 1, request.N, maxTokens), start);
        }

        var plan = planner.Plan(
            model,
            vocabulary,
            start,
            new PromptTokenSummary(1, promptTokens, promptTokens, promptTokenIds),
            maxTokens,
            request.MaxCompletionTokens is null ? "max_tokens" : "max_completion_tokens",
            "messages",
            request.MinTokens,
            request.N,
            request.Seed,
            request.Stop?.Values,
            allowReasoning: true,
            includeUsage: request.StreamOptions?.IncludeUsage ?? false,
            output);
        var shape = new ChatResponseShape(ResponsePlanner.NewId("chatcmpl-"), state.UnixTimeSeconds(), model.Id, plan.Completion.ReasoningTokens > 0, plan.Completion.ToolName);
        await writer.SendAsync(context, plan, shape, request.Stream ?? false);
    }

    /// <summary>
    /// Prompt tokens: the text of every message, counted with the model's tokenizer, with no per-message overhead, plus
    /// the images' and audio clips' tokens (<see cref="MediaTokens"/>).
    /// When <paramref name="ids"/> is given (KV cache on) the token ids are collected into it as well.
    /// </summary>
    private static int CountPromptTokens(
        IReadOnlyList<ChatMessage>? messages, Microsoft.ML.Tokenizers.Tokenizer tokenizer, List<int>? ids)
    {
        if (messages is null || messages.Count == 0)
        {
            throw ApiException.BadRequest("'messages' must be a non-empty array.", "messages", "missing_required_parameter");
        }

        var tokens = 0;
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i] ?? throw ApiException.BadRequest("Each message must be an object.", Param(i, null));
            if (string.IsNullOrEmpty(message.Role))
            {
                throw ApiException.BadRequest("Each message needs a 'role'.", Param(i, "role"), "missing_required_parameter");
            }

            if (message.Content is { } content)
            {
                tokens += PromptTokens.Add(tokenizer, content.GetText(), ids);
                foreach (var part in content.Parts ?? [])
                {
                    tokens += MediaTokens.Count(part);
                }
            }
        }

        return tokens;
    }

    private static string Param(int index, string? field) =>
        field is null
            ? string.Create(CultureInfo.InvariantCulture, $"messages[{index}]")
            : string.Create(CultureInfo.InvariantCulture, $"messages[{index}].{field}");
}
