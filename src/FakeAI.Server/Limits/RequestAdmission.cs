using System.Globalization;
using FakeAI.Server.Endpoints;
using FakeAI.Server.Http;
using Microsoft.AspNetCore.Http;

namespace FakeAI.Server.Limits;

/// <summary>
/// What a generating request passes once its model and token estimate are known, when rate limits or the concurrency
/// cap are on (<see cref="ServerState.Admission"/> is null otherwise, and endpoints skip it): first the rate limits,
/// as an API gateway would (429, never queued), then a concurrency slot, waited for in line if needed (503 when the
/// queue is full or the wait times out). The slot is held until the response has been sent in full (a stream's last
/// token) or the client has gone.
/// </summary>
internal sealed class RequestAdmission
{
    private const string NoKey = "";

    private readonly RateLimiter? _rates;
    private readonly ConcurrencyGate? _gate;
    private readonly LimitsMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly bool _keyed;
    private readonly int? _maxQueue;
    private readonly TimeSpan? _queueTimeout;

    public RequestAdmission(FakeAIServerOptions options, TimeProvider time, LimitsMetrics metrics)
    {
        var limits = options.Limits;
        _time = time;
        _metrics = metrics;
        _keyed = options.ApiKeys.Count > 0;
        _maxQueue = limits.MaxQueue;
        _queueTimeout = limits.QueueTimeout;
        if (limits.RequestsPerMinute is not null || limits.TokensPerMinute is not null)
        {
            _rates = new RateLimiter(time, limits.RequestsPerMinute, limits.TokensPerMinute);
        }

        if (limits.MaxConcurrency is { } slots)
        {
            _gate = new ConcurrencyGate(time, slots, limits.MaxQueue, limits.QueueTimeout);
        }
    }

    public RateLimiter? Rates => _rates;

    public ConcurrencyGate? Gate => _gate;

    /// <summary>
    /// OpenAI's estimate of what a request costs against a tokens-per-minute limit: its prompt tokens plus the most
    /// output tokens it may produce (max tokens × choices), known before any token is generated.
    /// </summary>
    public static long EstimateTokens(long promptTokens, int prompts, int? n, int maxTokens) =>
        promptTokens + ((long)prompts * Math.Clamp(n ?? 1, 1, ResponsePlanner.MaxChoicesPerPrompt) * maxTokens);

    /// <summary>
    /// Admits the request or throws the refusal. Returns the request's <c>t0</c>: <paramref name="start"/> when it got a
    /// slot at once, else the moment it left the queue, so its latency schedule starts after the wait and the wait adds
    /// to the TTFT the client sees.
    /// </summary>
    public ValueTask<long> AdmitAsync(HttpContext context, string model, long tokens, long start)
    {
        if (_rates is { } rates)
        {
            CheckRates(rates, context, model, tokens);
        }

        if (_gate is not { } gate)
        {
            return ValueTask.FromResult(start);
        }

        if (gate.TryEnter())
        {
            Hold(context, gate);
            _metrics.Queued(model, 0);
            return ValueTask.FromResult(start);
        }

        return WaitForSlotAsync(context, gate, model);
    }

    private async ValueTask<long> WaitForSlotAsync(HttpContext context, ConcurrencyGate gate, string model)
    {
        var arrived = _time.GetTimestamp();
        var queued = false;
        ConcurrencyGate.Outcome outcome;
        try
        {
            outcome = await gate.EnterAsync(
                () =>
                {
                    queued = true;
                    _metrics.JoinedQueue(model);
                },
                context.RequestAborted);
        }
        finally
        {
            if (queued)
            {
                _metrics.LeftQueue(model);
            }
        }

        switch (outcome)
        {
            case ConcurrencyGate.Outcome.Granted:
                Hold(context, gate);
                var now = _time.GetTimestamp();
                _metrics.Queued(model, (now - arrived) / (double)_time.TimestampFrequency);
                return now;
            case ConcurrencyGate.Outcome.Abandoned:
                throw new OperationCanceledException(context.RequestAborted);
            case ConcurrencyGate.Outcome.TimedOut:
                _metrics.Refused(LimitsMetrics.Limit.QueueTimeout);
                throw Overloaded(context, Invariant($"Waited {_queueTimeout!.Value.TotalSeconds} s for a free concurrency slot ({gate.Slots} in all)."));
            default:
                _metrics.Refused(LimitsMetrics.Limit.QueueFull);
                var busy = gate.Slots == 1 ? "The only concurrency slot is busy" : Invariant($"All {gate.Slots} concurrency slots are busy");
                throw Overloaded(context, _maxQueue switch
                {
                    0 => busy + ".",
                    1 => busy + " and 1 request is already waiting.",
                    _ => Invariant($"{busy} and {_maxQueue} requests are already waiting."),
                });
        }
    }

    /// <summary>The slot goes back when the response has completed, however it ended.</summary>
    private static void Hold(HttpContext context, ConcurrencyGate gate) =>
        context.Response.RegisterForDispose(new SlotLease(gate));

    private void CheckRates(RateLimiter rates, HttpContext context, string model, long tokens)
    {
        var key = _keyed ? PresentedKey(context) : NoKey;
        var refusal = rates.TryAdmit(key, model, tokens, out var status);
        RateLimitHeaders.Write(context.Response.Headers, status, _time.TimestampFrequency);
        if (refusal is null)
        {
            return;
        }

        _metrics.Refused((refusal.Tokens, refusal.Scope) switch
        {
            (false, RateLimitScope.ApiKey) => LimitsMetrics.Limit.RequestsPerKey,
            (false, RateLimitScope.Model) => LimitsMetrics.Limit.RequestsPerModel,
            (true, RateLimitScope.ApiKey) => LimitsMetrics.Limit.TokensPerKey,
            _ => LimitsMetrics.Limit.TokensPerModel,
        });
        var message = RateLimitMessages.Describe(refusal, refusal.Scope == RateLimitScope.Model ? model : key, _keyed, _time.TimestampFrequency);
        if (!refusal.TooLarge)
        {
            context.Response.Headers.RetryAfter = RateLimitDuration.RetryAfterSeconds(refusal.RetryAfterTicks, _time.TimestampFrequency).ToString(CultureInfo.InvariantCulture);
        }

        throw new ApiException(StatusCodes.Status429TooManyRequests, message, refusal.Tokens ? "tokens" : "requests", null, "rate_limit_exceeded");
    }

    /// <summary>The bearer (or <c>x-api-key</c>) key <see cref="ApiKeyMiddleware"/> accepted (one of the configured keys, so their number bounds the windows).</summary>
    private static string PresentedKey(HttpContext context)
    {
        const string scheme = "Bearer ";
        var header = context.Request.Headers.Authorization.ToString();
        return header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) ? header[scheme.Length..].Trim()
            : header.Length == 0 ? context.Request.Headers["x-api-key"].ToString().Trim() : NoKey; // Anthropic clients' header
    }

    /// <summary>OpenAI's 503 for an overloaded engine; clients retry it after <c>Retry-After</c>.</summary>
    private static ApiException Overloaded(HttpContext context, string detail)
    {
        context.Response.Headers.RetryAfter = "1";
        return new ApiException(StatusCodes.Status503ServiceUnavailable, "The engine is currently overloaded, please try again later. " + detail, "server_error", null, null);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>One request's slot, released exactly once.</summary>
    private sealed class SlotLease(ConcurrencyGate gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
