using System.CommandLine;

namespace FakeAI.Cli.Profile;

/// <summary>
/// aiperf's service, worker, ZMQ and developer options. aiperf runs a dataset manager, workers, record processors and a
/// ZMQ bus as separate processes; <c>fakeai profile</c> runs one process, so these are accepted (a script passing them
/// keeps working) and each given one is named in a one-line note that it does not apply.
/// </summary>
internal sealed class SingleProcessOptions
{
    public Option<int?> RecordProcessors { get; } = new("--record-processor-service-count", "--record-processors") { Description = "aiperf's record processor count; does not apply (one process)." };

    public Option<int?> WorkersMax { get; } = new("--workers-max", "--max-workers") { Description = "aiperf's worker process count; does not apply (one process; --concurrency sets the load)." };

    public Option<string> ZmqHost { get; } = new("--zmq-host") { Description = "aiperf's ZMQ host; does not apply (no message bus)." };

    public Option<string> ZmqIpcPath { get; } = new("--zmq-ipc-path") { Description = "aiperf's ZMQ IPC path; does not apply (no message bus)." };

    public Option<string[]> DebugServices { get; } = new("--debug-service", "--debug-services") { Description = "aiperf developer option; does not apply.", AllowMultipleArgumentsPerToken = true };

    public Option<string[]> TraceServices { get; } = new("--trace-service", "--trace-services") { Description = "aiperf developer option; does not apply.", AllowMultipleArgumentsPerToken = true };

    public Option<bool> DisableUvloop { get; } = new("--disable-uvloop") { Description = "aiperf developer option; does not apply." };

    public Option<bool> EnableYappiProfiling { get; } = new("--enable-yappi-profiling") { Description = "aiperf developer option; does not apply." };

    public Option<bool> ShowInternalMetrics { get; } = new("--show-internal-metrics") { Description = "aiperf developer option; does not apply." };

    public IEnumerable<Option> All =>
    [
        RecordProcessors, WorkersMax, ZmqHost, ZmqIpcPath, DebugServices, TraceServices, DisableUvloop, EnableYappiProfiling, ShowInternalMetrics,
    ];

    /// <summary>One note per option that was given.</summary>
    public IReadOnlyList<string> Notes(ParseResult parse) =>
    [
        .. All.Where(o => parse.GetResult(o) is { Implicit: false })
            .Select(o => $"{o.Name} does not apply: fakeai profile runs as one process (no separate workers, record processors or message bus)"),
    ];
}
