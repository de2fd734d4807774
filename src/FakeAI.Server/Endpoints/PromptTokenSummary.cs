namespace FakeAI.Server.Endpoints;

/// <summary>
/// The prompts of one request as the planner needs them: <paramref name="Count"/> prompts (chat: always 1) of
/// <paramref name="TotalTokens"/> tokens together, the longest being <paramref name="LongestTokens"/> (the context window
/// applies per prompt). <paramref name="KvTokenIds"/> are the ids offered to the KV cache, null when caching is off: one
/// admission per request, for the first prompt.
/// </summary>
internal readonly record struct PromptTokenSummary(int Count, int TotalTokens, int LongestTokens, List<int>? KvTokenIds);
