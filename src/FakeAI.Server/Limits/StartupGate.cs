namespace FakeAI.Server.Limits;

/// <summary>
/// The startup delay: not ready until <c>--startup-delay</c> has passed since the server was built (it listens at once),
/// on the server's <see cref="TimeProvider"/>. Once ready it stays ready, and the check is one volatile read.
/// </summary>
internal sealed class StartupGate
{
    private readonly TimeProvider _time;
    private readonly long _readyAt;
    private volatile bool _ready;

    public StartupGate(TimeProvider time, TimeSpan delay)
    {
        _time = time;
        _readyAt = time.GetTimestamp() + (long)(delay.TotalSeconds * time.TimestampFrequency);
    }

    /// <summary>Whether the delay has passed; if not, how long is left.</summary>
    public bool IsReady(out TimeSpan remaining)
    {
        remaining = TimeSpan.Zero;
        if (_ready)
        {
            return true;
        }

        var left = _readyAt - _time.GetTimestamp();
        if (left <= 0)
        {
            _ready = true;
            return true;
        }

        remaining = TimeSpan.FromSeconds(left / (double)_time.TimestampFrequency);
        return false;
    }
}
