using System.CommandLine;

namespace FakeAI.Cli.Server;

/// <summary>The limit options of <c>fakeai server</c>, kept together so the command only adds and reads them.</summary>
internal sealed class LimitsCliOptions
{
    private readonly Option<int?> _rpm = new("--rpm") { Description = "Requests per minute per API key and per model, over a sliding 60 s window; more get 429 (env FAKEAI_RPM)." };
    private readonly Option<int?> _tpm = new("--tpm") { Description = "Tokens per minute per API key and per model (prompt + max output tokens, as OpenAI counts); more get 429 (env FAKEAI_TPM)." };
    private readonly Option<int?> _maxConcurrency = new("--max-concurrency") { Description = "Requests generated at once; later ones wait in a FIFO queue (env FAKEAI_MAX_CONCURRENCY)." };
    private readonly Option<int?> _maxQueue = new("--max-queue") { Description = "Requests that may wait for a slot; more get 503 (default unbounded; env FAKEAI_MAX_QUEUE)." };
    private readonly Option<double?> _queueTimeout = new("--queue-timeout") { Description = "Seconds a request may wait for a slot before it gets 503 (default none; env FAKEAI_QUEUE_TIMEOUT)." };
    private readonly Option<double?> _startupDelay = new("--startup-delay") { Description = "Seconds after start during which /health and the API answer 503 (default 0; env FAKEAI_STARTUP_DELAY)." };

    public void AddTo(Command command)
    {
        foreach (Option option in new Option[] { _rpm, _tpm, _maxConcurrency, _maxQueue, _queueTimeout, _startupDelay })
        {
            command.Options.Add(option);
        }
    }

    public LimitsArguments Read(ParseResult parseResult) => new()
    {
        RequestsPerMinute = parseResult.GetValue(_rpm),
        TokensPerMinute = parseResult.GetValue(_tpm),
        MaxConcurrency = parseResult.GetValue(_maxConcurrency),
        MaxQueue = parseResult.GetValue(_maxQueue),
        QueueTimeoutSeconds = parseResult.GetValue(_queueTimeout),
        StartupDelaySeconds = parseResult.GetValue(_startupDelay),
    };
}
