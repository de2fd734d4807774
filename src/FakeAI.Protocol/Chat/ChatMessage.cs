namespace FakeAI.Protocol.Chat;

/// <summary>One entry of <c>messages</c> in a chat request (system, developer, user, assistant, tool).</summary>
public sealed record ChatMessage
{
    public string? Role { get; init; }

    public MessageContent? Content { get; init; }

    public string? Name { get; init; }

    /// <summary>Reasoning text an assistant message may carry back in multi-turn conversations.</summary>
    public string? ReasoningContent { get; init; }
}
