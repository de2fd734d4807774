namespace FakeAI.Bench;

/// <summary>Which of several models a request names.</summary>
public enum ModelSelectionStrategy
{
    /// <summary>Request n names model n mod the number of models.</summary>
    RoundRobin,

    /// <summary>Each request names a model drawn uniformly at random (seeded by the random seed).</summary>
    Random,
}
