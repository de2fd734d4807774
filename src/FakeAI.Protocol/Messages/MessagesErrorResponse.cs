namespace FakeAI.Protocol.Messages;

/// <summary>Anthropic's error body: <c>{"type":"error","error":{"type","message"}}</c>.</summary>
public sealed class MessagesErrorResponse
{
    public string Type { get; init; } = "error";

    public required MessagesErrorDetail Error { get; init; }
}

public sealed class MessagesErrorDetail
{
    public required string Type { get; init; }

    public required string Message { get; init; }
}
