using System.CommandLine;

namespace FakeAI.Cli.Server;

/// <summary>The fault injection options of <c>fakeai server</c>, kept together so the command only adds and reads them.</summary>
internal sealed class FaultCliOptions
{
    private readonly Option<string[]> _rates = new("--fault-rates")
    {
        Description = "Inject faults: TYPE=RATE[,TYPE=RATE...], a probability per request for each of 429, 500, 503, 400, 401, timeout, disconnect, stream-error, stall, truncated-json; rates add up to at most 1 (repeatable; env FAKEAI_FAULT_RATES).",
        AllowMultipleArgumentsPerToken = false,
    };

    private readonly Option<long?> _seed = new("--fault-seed") { Description = "Seed of the fault draws: the same seed and rates fault the same requests (default 0; env FAKEAI_FAULT_SEED)." };
    private readonly Option<int?> _after = new("--fault-after") { Description = "Tokens a mid-stream fault lets through (default drawn from 0 to the output length - 1; env FAKEAI_FAULT_AFTER)." };
    private readonly Option<double?> _stall = new("--fault-stall-seconds") { Description = "Length of a stall (default 5; env FAKEAI_FAULT_STALL_SECONDS)." };
    private readonly Option<double?> _maxHold = new("--fault-max-hold") { Description = "Seconds a timeout holds a request before the connection is dropped; also caps header 'seconds=' (default 600; env FAKEAI_FAULT_MAX_HOLD)." };
    private readonly Option<int?> _retryAfter = new("--fault-retry-after") { Description = "Retry-After seconds of an injected 429 (default 1; env FAKEAI_FAULT_RETRY_AFTER)." };

    public void AddTo(Command command)
    {
        foreach (Option option in new Option[] { _rates, _seed, _after, _stall, _maxHold, _retryAfter })
        {
            command.Options.Add(option);
        }
    }

    public FaultArguments Read(ParseResult parseResult) => new()
    {
        Rates = parseResult.GetValue(_rates) ?? [],
        Seed = parseResult.GetValue(_seed),
        After = parseResult.GetValue(_after),
        StallSeconds = parseResult.GetValue(_stall),
        MaxHoldSeconds = parseResult.GetValue(_maxHold),
        RetryAfterSeconds = parseResult.GetValue(_retryAfter),
    };
}
