namespace FakeAI.Bench.Load;

/// <summary>One credit of the run's plan: its number in the whole run (every shard counted), the conversation it sends,
/// whether it is cancelled on purpose, and the model each turn goes to.</summary>
internal sealed record PlannedCredit(int Number, int ConversationIndex, bool Cancel, IReadOnlyList<int> ModelIndexes);
