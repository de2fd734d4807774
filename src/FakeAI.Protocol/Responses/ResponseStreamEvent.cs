using System.Text.Json;

namespace FakeAI.Protocol.Responses;

/// <summary>
/// One streaming event of the Responses API (<c>response.created</c>, <c>response.output_text.delta</c>, …). The
/// fields an event type does not carry stay null and are not written; <see cref="SequenceNumber"/> comes last so a
/// per-token template can put the number there.
/// </summary>
public sealed record ResponseStreamEvent
{
    public required string Type { get; init; }

    public ResponseObject? Response { get; init; }

    public string? ItemId { get; init; }

    public int? OutputIndex { get; init; }

    public int? ContentIndex { get; init; }

    public int? SummaryIndex { get; init; }

    public ResponseOutputItem? Item { get; init; }

    public ResponseContentPart? Part { get; init; }

    public string? Delta { get; init; }

    public string? Text { get; init; }

    public IReadOnlyList<JsonElement>? Logprobs { get; init; }

    /// <summary>The whole arguments of <c>response.function_call_arguments.done</c>.</summary>
    public string? Arguments { get; init; }

    public long SequenceNumber { get; init; }
}
