using System.Globalization;
using FakeAI.Server.Catalog;
using FakeAI.Server.Generation;
using FakeAI.Server.Http;
using FakeAI.Server.Latency;
using FakeAI.Server.Streaming;

namespace FakeAI.Server.Endpoints;

/// <summary>Shared validation and planning of chat and legacy completions: output length, context window, text, latency.</summary>
internal sealed class ResponsePlanner(ServerState state)
{
    /// <summary>
    /// The completion budget: <paramref name="primary"/> (e.g. <c>max_completion_tokens</c>) if set, else
    /// <paramref name="fallback"/> (<c>max_tokens</c>), else the server default. Non-positive values are 400s.
    /// </summary>
    public int ResolveMaxTokens(int? primary, string primaryName, int? fallback, string fallbackName)
    {
        if (primary is <= 0)
        {
            throw ApiException.BadRequest($"'{primaryName}' must be at least 1, got {primary.Value.ToString(CultureInfo.InvariantCulture)}.", primaryName, "invalid_value");
        }

        if (fallback is <= 0)
        {
            throw ApiException.BadRequest($"'{fallbackName}' must be at least 1, got {fallback.Value.ToString(CultureInfo.InvariantCulture)}.", fallbackName, "invalid_value");
        }

        return primary ?? fallback ?? state.Options.DefaultMaxTokens;
    }

    public PlannedResponse Plan(
        ModelDescriptor model,
        Vocabulary vocabulary,
        long start,
        int promptTokens,
        int maxTokens,
        string promptParam,
        int? minTokens,
        int? n,
        long? seed,
        IReadOnlyList<string>? stops,
        bool allowReasoning,
        bool includeUsage)
    {
        if (n is not null and not 1)
        {
            throw ApiException.BadRequest("Only n=1 is supported by this server.", "n", "invalid_value");
        }

        if (minTokens is < 0 || minTokens > maxTokens)
        {
            throw ApiException.BadRequest("'min_tokens' must be between 0 and the maximum number of completion tokens.", "min_tokens", "invalid_value");
        }

        if ((long)promptTokens + maxTokens > model.ContextWindow)
        {
            throw ApiException.BadRequest(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"This model's maximum context length is {model.ContextWindow} tokens. However, you requested {promptTokens + (long)maxTokens} tokens ({promptTokens} in the prompt, {maxTokens} for the completion). Please reduce the length of the prompt or the completion."),
                promptParam,
                "context_length_exceeded");
        }

        var reasoning = allowReasoning && model.IsReasoning ? Math.Min(state.Options.ReasoningTokens, maxTokens / 2) : 0;
        var textSeed = seed is { } s ? unchecked((ulong)s) : (ulong)Random.Shared.NextInt64();
        var completion = TextGenerator.Generate(vocabulary, textSeed, reasoning, maxTokens - reasoning, stops, minTokens ?? 0);
        var options = state.Options;
        var latency = new LatencyPlan(
            start,
            state.Scheduler.TicksPerMillisecond,
            options.Ttft,
            options.PrefillPerTokenMs * promptTokens,
            options.Itl,
            (ulong)Random.Shared.NextInt64());
        return new PlannedResponse(model, vocabulary, promptTokens, completion, latency, start, includeUsage);
    }

    public static string NewId(string prefix) => prefix + Guid.NewGuid().ToString("N");
}
