using System.Globalization;

namespace FakeAI.Server.Limits;

/// <summary>
/// The limits a real endpoint imposes: requests and tokens per minute (per API key and per model, over a sliding 60 s
/// window), a concurrency cap with a bounded FIFO queue, and a startup delay during which the server is not ready. All
/// are off by default; off, they cost the request path one null check. <see cref="Validate"/> reports every problem.
/// </summary>
public sealed class LimitsOptions
{
    /// <summary>The longest startup delay or queue timeout accepted (one day): longer is surely a unit mistake.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(1);

    /// <summary>Requests per minute allowed to each API key and to each model (<c>--rpm</c>); null (default) = no limit.</summary>
    public int? RequestsPerMinute { get; set; }

    /// <summary>
    /// Tokens per minute allowed to each API key and to each model (<c>--tpm</c>); null (default) = no limit. A request
    /// counts its prompt tokens plus the most output tokens it may produce (max tokens × choices), as OpenAI estimates.
    /// </summary>
    public int? TokensPerMinute { get; set; }

    /// <summary>Requests generated at once (<c>--max-concurrency</c>); later ones wait in a FIFO queue. Null (default) = no cap.</summary>
    public int? MaxConcurrency { get; set; }

    /// <summary>Requests that may wait for a slot (<c>--max-queue</c>); more get 503. Null (default) = unbounded. Needs <see cref="MaxConcurrency"/>.</summary>
    public int? MaxQueue { get; set; }

    /// <summary>How long a request may wait for a slot before it gets 503 (<c>--queue-timeout</c>); null (default) = no timeout.</summary>
    public TimeSpan? QueueTimeout { get; set; }

    /// <summary>
    /// How long after start the server stays not ready (<c>--startup-delay</c>): it listens at once, but <c>/health</c>
    /// and the API answer 503 until then. Default zero.
    /// </summary>
    public TimeSpan StartupDelay { get; set; }

    /// <summary>Whether any per-request admission (rate limits or the concurrency gate) is on.</summary>
    internal bool AdmissionEnabled => RequestsPerMinute is not null || TokensPerMinute is not null || MaxConcurrency is not null;

    /// <summary>Every problem with the settings, empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (RequestsPerMinute is < 1)
        {
            errors.Add(Invariant($"rpm: must be at least 1 (got {RequestsPerMinute})"));
        }

        if (TokensPerMinute is < 1)
        {
            errors.Add(Invariant($"tpm: must be at least 1 (got {TokensPerMinute})"));
        }

        if (MaxConcurrency is < 1)
        {
            errors.Add(Invariant($"max-concurrency: must be at least 1 (got {MaxConcurrency})"));
        }

        if (MaxQueue is < 0)
        {
            errors.Add(Invariant($"max-queue: must not be negative (got {MaxQueue})"));
        }

        if (MaxQueue is not null && MaxConcurrency is null)
        {
            errors.Add("max-queue: only takes effect together with max-concurrency");
        }

        if (QueueTimeout is { } timeout)
        {
            if (timeout <= TimeSpan.Zero || timeout > MaxDuration)
            {
                errors.Add(Invariant($"queue-timeout: must be more than 0 and at most {MaxDuration.TotalSeconds} seconds (got {timeout.TotalSeconds})"));
            }

            if (MaxConcurrency is null)
            {
                errors.Add("queue-timeout: only takes effect together with max-concurrency");
            }
        }

        if (StartupDelay < TimeSpan.Zero || StartupDelay > MaxDuration)
        {
            errors.Add(Invariant($"startup-delay: must be between 0 and {MaxDuration.TotalSeconds} seconds (got {StartupDelay.TotalSeconds})"));
        }

        return errors;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
