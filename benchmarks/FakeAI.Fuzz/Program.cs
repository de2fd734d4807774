using FakeAI.Fuzz;

// A timed fuzz run of `fakeai server`: mutated requests for every route (JSON level and HTTP/byte level), the status
// histogram, every 5xx and unexpected connection error saved for replay, a normal chat request every few seconds, and the
// server's resident memory at start and end. See README.md next to this file.
var errors = new List<string>();
var options = FuzzOptions.Parse(args, errors);
if (errors.Count > 0)
{
    await Console.Error.WriteLineAsync("error: " + string.Join("; ", errors) + Environment.NewLine + FuzzOptions.Usage);
    return 2;
}

if (options.Replay is { } replay)
{
    var result = await RawExchange.SendAsync(options.Url!, await File.ReadAllBytesAsync(replay), options.HalfClose, TimeSpan.FromSeconds(30), CancellationToken.None);
    Console.WriteLine($"{result.Outcome} status {result.Status}, {result.BytesReceived} bytes{(result.Error is null ? string.Empty : "; " + result.Error)}");
    Console.WriteLine(result.Head);
    return result.Status >= 500 ? 1 : 0;
}

Directory.CreateDirectory(options.Output);
var findings = Path.Combine(options.Output, "findings");
if (Directory.Exists(findings))
{
    Directory.Delete(findings, recursive: true);
}

var loadBefore = LoadAverage();
ServerProcess? process = null;
Uri server;
if (options.Url is { } url)
{
    server = url;
}
else
{
    (process, server) = await ServerProcess.StartAsync(options.FakeAIDll, options.ServerArgs, Path.Combine(options.Output, "server.log"));
    Console.WriteLine($"started fakeai server (pid {process.Id}) at {server}");
}

try
{
    using var probe = new ServerProbe(server);
    var (warmFailure, _) = await probe.ChatAsync();
    if (warmFailure is not null)
    {
        await Console.Error.WriteLineAsync("error: the server does not answer a normal chat request before the run: " + warmFailure);
        return 3;
    }

    var memoryStart = await probe.ResidentBytesAsync();
    Console.WriteLine(FormattableString.Invariant($"fuzzing {server} for {options.Seconds} s, seed {options.Seed}, {options.Workers} workers"));
    var stats = new FuzzStats(findings);
    var run = new FuzzRun(options, server, process, stats, Console.Out);
    await run.RunAsync(probe);

    // The end figure after the last requests drained, so in-flight work does not count.
    await Task.Delay(TimeSpan.FromSeconds(3));
    var memoryEnd = run.ServerDied is null ? await probe.ResidentBytesAsync() : null;
    var (endFailure, _) = run.ServerDied is null ? await probe.ChatAsync() : ("server died", 0);
    var loadAfter = LoadAverage();

    var summary = FuzzSummary.Write(options, server, stats, run, memoryStart, memoryEnd, endFailure, loadBefore, loadAfter);
    await File.WriteAllTextAsync(Path.Combine(options.Output, "summary.md"), summary);
    Console.WriteLine();
    Console.WriteLine(summary);
    var clean = stats.ServerErrors == 0 && stats.UnexpectedConnectionErrors == 0 && run.CheckFailures.Count == 0 && run.ServerDied is null && endFailure is null;
    return clean ? 0 : 1;
}
finally
{
    if (process is not null)
    {
        await process.DisposeAsync();
    }
}

static string LoadAverage() => File.Exists("/proc/loadavg")
    ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3))
    : "n/a";
