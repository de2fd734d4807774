namespace FakeAI.Server.Limits;

/// <summary>
/// Requests-per-minute and tokens-per-minute limits over a sliding 60 s window, kept separately for every API key and
/// every model: a request must fit both its key's window and its model's, and is counted in both when admitted.
/// Refused requests are not counted. One lock guards both tables; the work under it is a few dictionary lookups and
/// ring-buffer steps.
/// </summary>
internal sealed class RateLimiter
{
    /// <summary>Windows kept per table (keys, models) before idle ones are dropped: bounds memory whatever the traffic.</summary>
    public const int MaxWindowsPerTable = 4096;

    /// <summary>Entries closer together than window / this are merged, bounding a window to this many entries.</summary>
    public const int EntriesPerWindow = 600;

    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly int? _requestLimit;
    private readonly int? _tokenLimit;
    private readonly WindowTable _keys;
    private readonly WindowTable _models;

    public RateLimiter(TimeProvider time, int? requestsPerMinute, int? tokensPerMinute, int maxWindowsPerTable = MaxWindowsPerTable)
    {
        _time = time;
        _requestLimit = requestsPerMinute;
        _tokenLimit = tokensPerMinute;
        WindowTicks = 60 * time.TimestampFrequency;
        ResolutionTicks = WindowTicks / EntriesPerWindow;
        _keys = new WindowTable(maxWindowsPerTable);
        _models = new WindowTable(maxWindowsPerTable);
    }

    /// <summary>The window, 60 s in <see cref="TimeProvider"/> timestamp ticks.</summary>
    public long WindowTicks { get; }

    public long ResolutionTicks { get; }

    /// <summary>Windows currently held (keys + models).</summary>
    public int WindowCount
    {
        get
        {
            lock (_gate)
            {
                return _keys.Count + _models.Count;
            }
        }
    }

    /// <summary>
    /// Counts a request of <paramref name="tokens"/> estimated tokens against <paramref name="key"/>'s and
    /// <paramref name="model"/>'s windows if it fits both; otherwise returns the binding refusal (the one with the longest
    /// wait; a request over the token limit on its own comes first, as no wait helps it).
    /// </summary>
    public RateLimitRefusal? TryAdmit(string key, string model, long tokens, out RateLimitStatus status)
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            var keyWindow = _keys.Get(key, now, WindowTicks);
            var modelWindow = _models.Get(model, now, WindowTicks);
            RateLimitRefusal? refusal = null;
            Check(keyWindow, RateLimitScope.ApiKey, now, tokens, ref refusal);
            Check(modelWindow, RateLimitScope.Model, now, tokens, ref refusal);
            if (refusal is null)
            {
                keyWindow.Add(now, tokens, ResolutionTicks);
                modelWindow.Add(now, tokens, ResolutionTicks);
            }

            status = Status(keyWindow, modelWindow, now);
            return refusal;
        }
    }

    private void Check(SlidingWindow window, RateLimitScope scope, long now, long tokens, ref RateLimitRefusal? refusal)
    {
        if (_requestLimit is { } requests && window.Requests + 1 > requests)
        {
            var wait = window.TicksUntilRoom(now, WindowTicks, requests, null, 1, 0);
            Keep(ref refusal, new RateLimitRefusal(scope, false, requests, window.Requests, 1, wait));
        }

        if (_tokenLimit is { } limit && window.Tokens + tokens > limit)
        {
            var wait = window.TicksUntilRoom(now, WindowTicks, null, limit, 0, tokens);
            Keep(ref refusal, new RateLimitRefusal(scope, true, limit, window.Tokens, tokens, wait));
        }
    }

    private static void Keep(ref RateLimitRefusal? kept, RateLimitRefusal candidate)
    {
        if (kept is null || candidate.RetryAfterTicks > kept.RetryAfterTicks)
        {
            kept = candidate;
        }
    }

    private RateLimitStatus Status(SlidingWindow key, SlidingWindow model, long now)
    {
        long remainingRequests = 0, resetRequests = 0, remainingTokens = 0, resetTokens = 0;
        if (_requestLimit is { } requests)
        {
            var tighter = key.Requests >= model.Requests ? key : model;
            remainingRequests = Math.Max(0, requests - tighter.Requests);
            resetRequests = tighter.TicksUntilEmpty(now, WindowTicks);
        }

        if (_tokenLimit is { } tokens)
        {
            var tighter = key.Tokens >= model.Tokens ? key : model;
            remainingTokens = Math.Max(0, tokens - tighter.Tokens);
            resetTokens = tighter.TicksUntilEmpty(now, WindowTicks);
        }

        return new RateLimitStatus(_requestLimit, remainingRequests, resetRequests, _tokenLimit, remainingTokens, resetTokens);
    }
}
