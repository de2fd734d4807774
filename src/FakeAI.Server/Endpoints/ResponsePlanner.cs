using System.Globalization;
using System.Runtime.InteropServices;
using FakeAI.Server.Catalog;
using FakeAI.Server.Generation;
using FakeAI.Server.Http;
using FakeAI.Server.KvCache;
using FakeAI.Server.Latency;
using FakeAI.Server.Streaming;

namespace FakeAI.Server.Endpoints;

/// <summary>Shared validation and planning of chat and legacy completions: output length, context window, text, latency.</summary>
internal sealed class ResponsePlanner(ServerState state)
{
    /// <summary>The largest <c>n</c> (choices per prompt) a request may ask for, as OpenAI allows.</summary>
    public const int MaxChoicesPerPrompt = 128;

    /// <summary>The most choices (prompts × <c>n</c>) one request may ask for, so one request cannot exhaust memory.</summary>
    public const int MaxChoicesPerRequest = 2048;

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
        PromptTokenSummary prompts,
        int maxTokens,
        string maxTokensParam,
        string promptParam,
        int? minTokens,
        int? n,
        long? seed,
        IReadOnlyList<string>? stops,
        bool allowReasoning,
        bool includeUsage,
        OutputRequest? output = null)
    {
        var choicesPerPrompt = n ?? 1;
        if (choicesPerPrompt is < 1 or > MaxChoicesPerPrompt)
        {
            throw ApiException.BadRequest(
                string.Create(CultureInfo.InvariantCulture, $"'n' must be between 1 and {MaxChoicesPerPrompt}, got {choicesPerPrompt}."), "n", "invalid_value");
        }

        if ((long)prompts.Count * choicesPerPrompt > MaxChoicesPerRequest)
        {
            throw ApiException.BadRequest(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"A request may ask for at most {MaxChoicesPerRequest} choices (prompts × n); this one asks for {prompts.Count} × {choicesPerPrompt}."),
                choicesPerPrompt > 1 ? "n" : promptParam,
                "invalid_value");
        }

        if (minTokens is < 0 || minTokens > maxTokens)
        {
            throw ApiException.BadRequest("'min_tokens' must be between 0 and the maximum number of completion tokens.", "min_tokens", "invalid_value");
        }

        var longest = prompts.LongestTokens;
        if ((long)longest + maxTokens > model.ContextWindow)
        {
            throw ApiException.BadRequest(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"This model's maximum context length is {model.ContextWindow} tokens. However, you requested {longest + (long)maxTokens} tokens ({longest} in the prompt, {maxTokens} for the completion). Please reduce the length of the prompt or the completion."),
                promptParam,
                "context_length_exceeded");
        }

        state.Engine?.EnsureFits(prompts.TotalTokens, maxTokens, promptParam);
        var outputCap = state.Options.MaxOutputTokensPerRequest;
        if ((long)prompts.Count * choicesPerPrompt * maxTokens > outputCap)
        {
            throw ApiException.BadRequest(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"A request may ask for at most {outputCap} output tokens over all its choices (prompts × n × max tokens); this one asks for {prompts.Count} × {choicesPerPrompt} × {maxTokens}."),
                choicesPerPrompt > 1 ? "n" : maxTokensParam,
                "invalid_value");
        }

        var reasoning = allowReasoning && model.IsReasoning ? Math.Min(state.Options.ReasoningTokens, maxTokens / 2) : 0;
        var textSeed = seed is { } s ? unchecked((ulong)s) : (ulong)Random.Shared.NextInt64();
        var tool = output?.Tools?.Choose(textSeed, state.Options.ToolCallRate);
        var json = tool?.Parameters ?? output?.Format;
        var choices = new GeneratedCompletion[prompts.Count * choicesPerPrompt];
        for (var i = 0; i < choices.Length; i++)
        {
            var choiceSeed = TextGenerator.ChoiceSeed(textSeed, i);
            choices[i] = json is null
                ? TextGenerator.Generate(vocabulary, choiceSeed, reasoning, maxTokens - reasoning, stops, minTokens ?? 0)
                : GenerateJson(vocabulary, choiceSeed, reasoning, maxTokens - reasoning, json, tool?.Name);
        }

        var options = state.Options;

        // Admitted only once the request is known to be valid, so rejected requests never count as cache queries.
        var kv = prompts.KvTokenIds is { } ids ? state.KvCache?.Admit(CollectionsMarshal.AsSpan(ids)) : null;
        var cachedTokens = kv?.CachedTokens ?? 0;

        // With the engine the choices decode as one sequence: the response ends when its longest choice does.
        var latency = state.Engine is { } engine
            ? new LatencyPlan(engine.Enqueue(kv?.WorkerId, prompts.TotalTokens, cachedTokens, choices.Max(static c => c.TotalTokens), start))
            : new LatencyPlan(
                start,
                state.Scheduler.TicksPerMillisecond,
                options.Ttft,
                KvLatency.UncachedPrefillMs(options.PrefillPerTokenMs, prompts.TotalTokens, cachedTokens),
                options.Itl,
                (ulong)Random.Shared.NextInt64(),
                KvLatency.TtftScale(prompts.TotalTokens, cachedTokens, options.KvCache.HitSpeedup));
        return new PlannedResponse(model, vocabulary, prompts.TotalTokens, choices, latency, start, includeUsage, kv);
    }

    public static string NewId(string prefix) => prefix + Guid.NewGuid().ToString("N");

    private static GeneratedCompletion GenerateJson(Vocabulary vocabulary, ulong seed, int reasoning, int contentTokens, OutputSchema json, string? toolName)
    {
        try
        {
            return TextGenerator.GenerateJson(vocabulary, seed, reasoning, contentTokens, json.Schema, toolName);
        }
        catch (Generation.Json.InvalidJsonSchemaException e)
        {
            throw OutputRequestReader.SchemaError(json.Label, json.Param, json.Code, e);
        }
    }
}
