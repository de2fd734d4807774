using FakeAI.Protocol.Json;
using FakeAI.Server.Http;
using FakeAI.Server.Streaming;
using Microsoft.AspNetCore.Http;

namespace FakeAI.Server.Endpoints;

/// <summary>
/// <c>POST /v1/completions</c>. Several prompts in one request are answered as one prompt (their tokens are summed, the
/// texts joined by newlines for <c>echo</c>) with a single choice.
/// </summary>
internal sealed class CompletionsEndpoint(ServerState state, ResponsePlanner planner, ResponseWriter writer)
{
    public async Task HandleAsync(HttpContext context)
    {
        var request = await RequestReader.ReadAsync(context, ProtocolJsonContext.Default.CompletionRequest);
        var start = state.Scheduler.Now;
        var model = state.ResolveModel(request.Model);
        var vocabulary = state.VocabularyFor(model);
        var items = request.Prompt?.Items;
        if (items is null || items.Count == 0)
        {
            throw ApiException.BadRequest("You must provide a 'prompt'.", "prompt", "missing_required_parameter");
        }

        var promptTokens = 0;
        var promptTokenIds = state.KvCache is null ? null : new List<int>();
        foreach (var item in items)
        {
            if (item.Text is { } text)
            {
                promptTokens += PromptTokens.Add(vocabulary.Tokenizer, text, promptTokenIds);
            }
            else
            {
                promptTokenIds?.AddRange(item.TokenIds!);
                promptTokens += item.TokenIds!.Count;
            }
        }

        var maxTokens = planner.ResolveMaxTokens(request.MaxTokens, "max_tokens", null, "max_tokens");
        var plan = planner.Plan(
            model,
            vocabulary,
            start,
            promptTokens,
            maxTokens,
            "prompt",
            request.MinTokens,
            request.N,
            request.Seed,
            request.Stop?.Values,
            allowReasoning: false,
            includeUsage: request.StreamOptions?.IncludeUsage ?? false,
            promptTokenIds);
        var echo = request.Echo == true ? string.Join('\n', items.Select(i => i.Text ?? string.Empty)) : string.Empty;
        var shape = new CompletionResponseShape(ResponsePlanner.NewId("cmpl-"), state.UnixTimeSeconds(), model.Id, echo);
        await writer.SendAsync(context, plan, shape, request.Stream ?? false);
    }
}
