namespace FakeAI.Bench;

/// <summary>aiperf's custom dataset file formats.</summary>
public enum CustomDatasetType
{
    SingleTurn,
    MultiTurn,
    RandomPool,
    MooncakeTrace,
}
