using FakeAI.Protocol.Completions;
using FakeAI.Protocol.Json;
using FakeAI.Server.Http;
using FakeAI.Server.Streaming;
using Microsoft.AspNetCore.Http;

namespace FakeAI.Server.Endpoints;

/// <summary>
/// <c>POST /v1/completions</c>. A list of P prompts is answered with P × n choices, choice <c>p·n + i</c> being the i-th
/// answer to prompt p (OpenAI's order); the context window applies to each prompt, usage sums them.
/// </summary>
internal sealed class CompletionsEndpoint(ServerState state, ResponsePlanner planner, ResponseWriter writer)
{
    public async Task HandleAsync(HttpContext context)
    {
        var request = await RequestReader.ReadAsync(context, ProtocolJsonContext.Default.CompletionRequest);
        var start = RequestArrival.Of(context);
        var model = state.ResolveModel(request.Model);
        var vocabulary = state.VocabularyFor(model);
        var items = request.Prompt?.Items;
        if (items is null || items.Count == 0)
        {
            throw ApiException.BadRequest("You must provide a 'prompt'.", "prompt", "missing_required_parameter");
        }

        var prompts = CountPromptTokens(items, vocabulary.Tokenizer, state.KvCache is null ? null : new List<int>());
        var maxTokens = planner.ResolveMaxTokens(request.MaxTokens, "max_tokens", null, "max_tokens");
        if (state.Admission is { } admission)
        {
            start = await admission.AdmitAsync(context, model.Id, Limits.RequestAdmission.EstimateTokens(prompts.TotalTokens, prompts.Count, request.N, maxTokens), start);
        }

        var plan = planner.Plan(
            model,
            vocabulary,
            start,
            prompts,
            maxTokens,
            "max_tokens",
            "prompt",
            request.MinTokens,
            request.N,
            request.Seed,
            request.Stop?.Values,
            allowReasoning: false,
            includeUsage: request.StreamOptions?.IncludeUsage ?? false);
        var echoes = request.Echo == true ? items.Select(i => i.Text ?? string.Empty).ToArray() : [];
        var shape = new CompletionResponseShape(ResponsePlanner.NewId("cmpl-"), state.UnixTimeSeconds(), model.Id, echoes, request.N ?? 1);
        await writer.SendAsync(context, plan, shape, request.Stream ?? false);
    }

    /// <summary>
    /// Token counts of every prompt (text with the model's tokenizer, token-id prompts by their length). Only the first
    /// prompt's ids go to <paramref name="kvTokenIds"/>: the KV cache admits one prompt per request.
    /// </summary>
    private static PromptTokenSummary CountPromptTokens(
        IReadOnlyList<PromptItem> items, Microsoft.ML.Tokenizers.Tokenizer tokenizer, List<int>? kvTokenIds)
    {
        var total = 0;
        var longest = 0;
        for (var i = 0; i < items.Count; i++)
        {
            var ids = i == 0 ? kvTokenIds : null;
            int tokens;
            if (items[i].Text is { } text)
            {
                tokens = PromptTokens.Add(tokenizer, text, ids);
            }
            else
            {
                ids?.AddRange(items[i].TokenIds!);
                tokens = items[i].TokenIds!.Count;
            }

            total += tokens;
            longest = Math.Max(longest, tokens);
        }

        return new PromptTokenSummary(items.Count, total, longest, kvTokenIds);
    }
}
