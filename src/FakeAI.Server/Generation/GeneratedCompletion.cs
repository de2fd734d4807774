namespace FakeAI.Server.Generation;

/// <summary>The token plan of one response: reasoning tokens first, then content tokens (indices into a <see cref="Vocabulary"/>).</summary>
internal sealed record GeneratedCompletion(int[] Reasoning, int[] Content, string FinishReason)
{
    public int TotalTokens => Reasoning.Length + Content.Length;
}
