namespace FakeAI.Bench.Datasets;

/// <summary>One request of a conversation: its prompt texts, limits, optional trace timestamp and the prebuilt payloads
/// (one per model, so sending does no serialization).</summary>
public sealed record Turn(IReadOnlyList<string> Texts, int InputTokens, int? MaxTokens, long? TimestampMs)
{
    public IReadOnlyList<byte[]> Payloads { get; init; } = [];
}
