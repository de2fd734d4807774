namespace FakeAI.Protocol.Chat;

/// <summary><c>stream_options</c> of chat and completions requests.</summary>
public sealed record StreamOptions
{
    /// <summary>When true, a final chunk with <c>choices: []</c> and <c>usage</c> precedes <c>[DONE]</c>.</summary>
    public bool IncludeUsage { get; init; }
}
