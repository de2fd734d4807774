namespace FakeAI.Bench;

/// <summary>Arrival process of request-rate mode.</summary>
public enum RequestRateMode
{
    /// <summary>Exponential inter-arrival times (aiperf's default).</summary>
    Poisson,

    /// <summary>Evenly spaced arrivals, exactly 1/rate apart.</summary>
    Constant,

    /// <summary>No pacing: requests go out as fast as the concurrency limit lets them (a closed loop; any rate is unused).</summary>
    ConcurrencyBurst,
}
