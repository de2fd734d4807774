namespace FakeAI.Server.Limits;

/// <summary>
/// The requests and tokens one API key or one model used in the last window (60 s), as a log of timestamped entries
/// in a ring buffer: an entry counts until exactly one window after its timestamp. Entries closer together than the
/// resolution are merged into one stamped with the latest time, so a window holds at most window / resolution entries
/// whatever the traffic, and a merged request is counted slightly longer than its own minute — never shorter, so no
/// 60 s span ever holds more than the limit. Not thread-safe: <see cref="RateLimiter"/> locks around it.
/// </summary>
internal sealed class SlidingWindow
{
    private Entry[] _entries = new Entry[4];
    private int _head;
    private int _count;

    /// <summary>Requests counted in the window (after the last <see cref="Expire"/>).</summary>
    public long Requests { get; private set; }

    /// <summary>Tokens counted in the window (after the last <see cref="Expire"/>).</summary>
    public long Tokens { get; private set; }

    /// <summary>Timestamp of the newest entry, or <see cref="long.MinValue"/> when the window never held one.</summary>
    public long Newest { get; private set; } = long.MinValue;

    /// <summary>Entries held (at most window / resolution).</summary>
    public int EntryCount => _count;

    /// <summary>Drops the entries that have left the window at <paramref name="now"/>.</summary>
    public void Expire(long now, long windowTicks)
    {
        while (_count > 0 && now - _entries[_head].Stamp >= windowTicks)
        {
            Requests -= _entries[_head].Requests;
            Tokens -= _entries[_head].Tokens;
            _head = (_head + 1) % _entries.Length;
            _count--;
        }
    }

    /// <summary>Counts one request of <paramref name="tokens"/> tokens at <paramref name="now"/>.</summary>
    public void Add(long now, long tokens, long resolutionTicks)
    {
        Requests++;
        Tokens += tokens;
        Newest = now;
        if (_count > 0)
        {
            ref var last = ref _entries[(_head + _count - 1) % _entries.Length];
            if (now - last.First < resolutionTicks)
            {
                last.Stamp = now;
                last.Requests++;
                last.Tokens += tokens;
                return;
            }
        }

        if (_count == _entries.Length)
        {
            Grow();
        }

        _entries[(_head + _count) % _entries.Length] = new Entry(now, now, 1, tokens);
        _count++;
    }

    /// <summary>
    /// Ticks from <paramref name="now"/> until the window has room for <paramref name="requests"/> more requests
    /// and <paramref name="tokens"/> more tokens under the given limits (null = no limit); 0 when it has room now.
    /// </summary>
    public long TicksUntilRoom(long now, long windowTicks, int? requestLimit, int? tokenLimit, long requests, long tokens)
    {
        var usedRequests = Requests;
        var usedTokens = Tokens;
        for (var i = 0; ; i++)
        {
            var fits = (requestLimit is not { } r || usedRequests + requests <= r) && (tokenLimit is not { } t || usedTokens + tokens <= t);
            if (fits)
            {
                // Room appears when the entry before this one leaves the window.
                return i == 0 ? 0 : Math.Max(0, _entries[(_head + i - 1) % _entries.Length].Stamp + windowTicks - now);
            }

            if (i == _count)
            {
                // Even an empty window has no room: the request alone exceeds a limit.
                return long.MaxValue;
            }

            ref readonly var entry = ref _entries[(_head + i) % _entries.Length];
            usedRequests -= entry.Requests;
            usedTokens -= entry.Tokens;
        }
    }

    /// <summary>Ticks until everything now in the window has left it (the window "resets to its initial state").</summary>
    public long TicksUntilEmpty(long now, long windowTicks) =>
        _count == 0 ? 0 : Math.Max(0, Newest + windowTicks - now);

    private void Grow()
    {
        var larger = new Entry[_entries.Length * 2];
        for (var i = 0; i < _count; i++)
        {
            larger[i] = _entries[(_head + i) % _entries.Length];
        }

        _entries = larger;
        _head = 0;
    }

    /// <summary>Requests and tokens counted from <see cref="First"/> to <see cref="Stamp"/>; they leave at Stamp + window.</summary>
    private record struct Entry(long First, long Stamp, int Requests, long Tokens);
}
