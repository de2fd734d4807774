namespace FakeAI.Bench;

/// <summary>How requests are issued; resolved from the options exactly as aiperf does (see <see cref="ProfileConfig.ResolveLoadMode"/>).</summary>
public enum LoadMode
{
    /// <summary>Closed loop: exactly N conversations in flight, the next one sent as soon as one finishes.</summary>
    Concurrency,

    /// <summary>Open loop: arrivals on absolute deadlines, optionally capped by a concurrency limit.</summary>
    RequestRate,

    /// <summary>Open loop: replays the timestamps of a trace file.</summary>
    FixedSchedule,
}
