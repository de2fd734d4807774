namespace FakeAI.Bench;

/// <summary>The profiling phase could not start at <see cref="ProfileConfig.StartAt"/>: the instant had already passed by
/// more than <see cref="Load.StartGate.Tolerance"/> when the shard was ready, so its arrivals would not line up with the other shards'.</summary>
public sealed class ShardStartMissedException : Exception
{
    public ShardStartMissedException()
    {
    }

    public ShardStartMissedException(string message)
        : base(message)
    {
    }

    public ShardStartMissedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
