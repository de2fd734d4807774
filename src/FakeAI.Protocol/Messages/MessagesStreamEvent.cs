using System.Text.Json.Serialization;

namespace FakeAI.Protocol.Messages;

/// <summary>
/// The <c>data</c> of one Messages stream event; <see cref="Type"/> names it (<c>message_start</c>,
/// <c>content_block_start</c>, <c>ping</c>, <c>content_block_delta</c>, <c>content_block_stop</c>, <c>message_delta</c>,
/// <c>message_stop</c>) and only that event's fields are set.
/// </summary>
public sealed class MessagesStreamEvent
{
    public required string Type { get; init; }

    public MessagesResponse? Message { get; init; }

    public int? Index { get; init; }

    public MessagesContentBlock? ContentBlock { get; init; }

    public MessagesBlockDelta? Delta { get; init; }

    public MessagesUsage? Usage { get; init; }
}

/// <summary>
/// A delta: a block's <c>text_delta</c> / <c>thinking_delta</c> / <c>signature_delta</c>, or (no type) the
/// <c>message_delta</c>'s stop fields.
/// </summary>
public sealed class MessagesBlockDelta
{
    public string? Type { get; init; }

    public string? Text { get; init; }

    public string? Thinking { get; init; }

    public string? Signature { get; init; }

    /// <summary>An <c>input_json_delta</c>'s piece of a tool call's input.</summary>
    public string? PartialJson { get; init; }

    public string? StopReason { get; init; }

    public string? StopSequence { get; init; }
}

/// <summary>The <c>message_delta</c>'s delta, whose <c>stop_sequence</c> is sent even when null.</summary>
public sealed class MessagesStopDelta
{
    public required string StopReason { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? StopSequence { get; init; }
}

/// <summary>The <c>message_delta</c> event.</summary>
public sealed class MessagesMessageDeltaEvent
{
    public string Type { get; init; } = "message_delta";

    public required MessagesStopDelta Delta { get; init; }

    public required MessagesUsage Usage { get; init; }
}
