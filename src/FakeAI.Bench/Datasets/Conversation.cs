namespace FakeAI.Bench.Datasets;

/// <summary>A session of one or more turns; aiperf sends each turn on its own (no history) one after the other.</summary>
public sealed record Conversation(string SessionId, IReadOnlyList<Turn> Turns);
