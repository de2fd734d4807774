namespace FakeAI.Server.Engine;

/// <summary>A request handed to an <see cref="EngineWorker"/>.</summary>
/// <param name="Id">The caller's id for the request; it comes back on every emitted token.</param>
/// <param name="PromptTokens">Prompt length in tokens, at least 1.</param>
/// <param name="CachedPrefixTokens">Prompt tokens already in the worker's prefix cache (a KV hit); their full blocks need no prefill.</param>
/// <param name="MaxOutputTokens">Tokens to generate, at least 1; the request finishes after the last.</param>
internal sealed record EngineRequest(long Id, int PromptTokens, int CachedPrefixTokens, int MaxOutputTokens);
