using System.Globalization;
using FakeAI.Protocol.Json;
using FakeAI.Protocol.Rankings;
using FakeAI.Protocol.Usage;
using FakeAI.Server.Catalog;
using FakeAI.Server.Generation;
using FakeAI.Server.Http;
using FakeAI.Server.KvCache;
using FakeAI.Server.Latency;
using Microsoft.AspNetCore.Http;

namespace FakeAI.Server.Endpoints;

/// <summary>
/// Reranking: NIM's <c>POST /v1/ranking</c> (aiperf's <c>rankings</c>) and vLLM's/Cohere's <c>POST /v1/rerank</c>,
/// <c>/v2/rerank</c>. Both score every passage against the query with <see cref="RankingScorer"/>, fit each query +
/// passage pair into the model's context window (<see cref="InputWindow"/>) and answer after the prefill time of a
/// non-streaming request: TTFT plus <c>--prefill-per-token</c> × prompt tokens.
/// </summary>
internal sealed class RankingsEndpoint(ServerState state)
{
    public async Task HandleRankingAsync(HttpContext context)
    {
        var request = await RequestReader.ReadAsync(context, ProtocolJsonContext.Default.RankingRequest);
        var start = RequestArrival.Of(context);
        var model = state.ResolveModel(request.Model);
        var query = request.Query?.Text;
        if (string.IsNullOrEmpty(query))
        {
            throw ApiException.BadRequest("You must provide a non-empty 'query.text'.", "query.text", "missing_required_parameter");
        }

        var passages = Texts(request.Passages?.Select(p => p?.Text).ToArray(), "passages", i => $"passages[{i}].text");
        var strict = request.Truncate?.ToUpperInvariant() switch
        {
            null => state.Options.StrictInputLength,
            "NONE" => true,
            "END" => false,
            _ => throw ApiException.BadRequest("'truncate' must be 'NONE' or 'END'.", "truncate", "invalid_value"),
        };

        var scored = Score(model, query, passages, strict, "passages", i => $"passages[{i}]");
        await RespondAfterPrefillAsync(context, model, start, scored.PromptTokens, () =>
        {
            var body = new RankingResponse
            {
                Rankings = [.. scored.Best().Select(i => new RankingEntry { Index = i, Logit = scored.Logits[i] })],
                Usage = new UsageInfo { PromptTokens = scored.PromptTokens, TotalTokens = scored.PromptTokens },
            };
            return JsonResponse.WriteAsync(context, body, ProtocolJsonContext.Default.RankingResponse);
        });
    }

    public async Task HandleRerankAsync(HttpContext context)
    {
        var request = await RequestReader.ReadAsync(context, ProtocolJsonContext.Default.RerankRequest);
        var start = RequestArrival.Of(context);
        var model = state.ResolveModel(request.Model);
        if (string.IsNullOrEmpty(request.Query))
        {
            throw ApiException.BadRequest("You must provide a non-empty 'query'.", "query", "missing_required_parameter");
        }

        var documents = Texts(request.Documents, "documents", i => $"documents[{i}]");
        if (request.TopN is < 1)
        {
            throw ApiException.BadRequest("'top_n' must be at least 1.", "top_n", "invalid_value");
        }

        var scored = Score(model, request.Query, documents, state.Options.StrictInputLength, "documents", i => $"documents[{i}]");
        var echo = request.ReturnDocuments ?? true;
        await RespondAfterPrefillAsync(context, model, start, scored.PromptTokens, () =>
        {
            var body = new RerankResponse
            {
                Id = ResponsePlanner.NewId("rerank-"),
                Model = model.Id,
                Usage = new RerankUsage { TotalTokens = scored.PromptTokens },
                Results = [.. scored.Best().Take(request.TopN ?? int.MaxValue).Select(i => new RerankResult
                {
                    Index = i,
                    Document = echo ? new RerankDocument { Text = documents[i] } : null,
                    RelevanceScore = RankingScorer.Relevance(scored.Logits[i]),
                })],
            };
            return JsonResponse.WriteAsync(context, body, ProtocolJsonContext.Default.RerankResponse);
        });
    }

    private static string[] Texts(IReadOnlyList<string?>? texts, string param, Func<int, string> itemParam)
    {
        if (texts is null || texts.Count == 0)
        {
            throw ApiException.BadRequest($"You must provide at least one entry in '{param}'.", param, "missing_required_parameter");
        }

        var result = new string[texts.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = string.IsNullOrEmpty(texts[i])
                ? throw ApiException.BadRequest($"'{itemParam(i)}' must be a non-empty string.", itemParam(i), "invalid_value")
                : texts[i]!;
        }

        return result;
    }

    /// <summary>
    /// Each query + passage pair must fit the context window, as a cross-encoder reads them together: a longer pair has
    /// its passage cut to the room the query leaves (a query that fills the window alone is cut to window − 1 tokens).
    /// The query is counted once in the prompt tokens, as the client sent it.
    /// </summary>
    private Scored Score(ModelDescriptor model, string query, string[] passages, bool strict, string param, Func<int, string> itemParam)
    {
        var tokenizer = state.VocabularyFor(model).Tokenizer;
        var window = model.ContextWindow;
        var queryTokens = BoundedTokenization.Count(tokenizer, query);
        if (queryTokens >= window)
        {
            InputWindow.EnsureTruncationAllowed(strict, "query", queryTokens, window);
            query = InputWindow.Truncate(tokenizer, query, Math.Max(1, window - 1), out queryTokens);
        }

        var promptTokens = (long)queryTokens;
        var logits = new double[passages.Length];
        for (var i = 0; i < passages.Length; i++)
        {
            var passage = passages[i];
            var tokens = BoundedTokenization.Count(tokenizer, passage);
            if (queryTokens + tokens > window)
            {
                InputWindow.EnsureTruncationAllowed(strict, itemParam(i), queryTokens + (long)tokens, window);
                passage = InputWindow.Truncate(tokenizer, passage, Math.Max(1, window - queryTokens), out tokens);
            }

            promptTokens += tokens;
            logits[i] = RankingScorer.Logit(query, passage);
        }

        return promptTokens <= int.MaxValue
            ? new Scored(logits, (int)promptTokens)
            : throw ApiException.BadRequest(string.Create(CultureInfo.InvariantCulture, $"'{param}' holds more than {int.MaxValue} tokens."), param, "invalid_value");
    }

    private async Task RespondAfterPrefillAsync(HttpContext context, ModelDescriptor model, long start, int promptTokens, Func<Task> write)
    {
        if (state.Admission is { } admission)
        {
            start = await admission.AdmitAsync(context, model.Id, promptTokens, start);
        }

        state.Metrics.RequestStarted(model.Id, promptTokens);
        try
        {
            var options = state.Options;
            if (options.DelayNonStreaming)
            {
                var plan = new LatencyPlan(
                    start,
                    state.Scheduler.TicksPerMillisecond,
                    options.Ttft,
                    KvLatency.UncachedPrefillMs(options.PrefillPerTokenMs, promptTokens, 0),
                    options.Itl,
                    (ulong)Random.Shared.NextInt64());
                using var wait = new ScheduledWait(context.RequestAborted);
                await state.Scheduler.WaitUntilAsync(wait, plan.DueOfLast(0));
            }

            await write();
        }
        finally
        {
            state.Metrics.RequestEnded(model.Id);
        }
    }

    /// <summary>One logit per passage (request order) and the prompt tokens read.</summary>
    private sealed record Scored(double[] Logits, int PromptTokens)
    {
        /// <summary>Passage indices, highest logit first (ties keep request order).</summary>
        public IEnumerable<int> Best() => Enumerable.Range(0, Logits.Length).OrderByDescending(i => Logits[i]);
    }
}
