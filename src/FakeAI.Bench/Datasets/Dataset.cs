namespace FakeAI.Bench.Datasets;

/// <summary>The conversations of a run and how credits pick them.</summary>
public sealed record Dataset(IReadOnlyList<Conversation> Conversations, bool Sequential)
{
    /// <summary>True when every first turn carries a trace timestamp (mooncake auto-enables fixed schedule then).</summary>
    public bool HasTimestamps => Conversations.Count > 0 && Conversations[0].Turns[0].TimestampMs is not null;
}
