using System.Globalization;
using FakeAI.Bench;
using FakeAI.Bench.Metrics;
using FakeAI.Reports.Calibration;
using FakeAI.Reports.Runs;
using FakeAI.Server.Engine.Calibration;

namespace FakeAI.Cli.Calibrate;

/// <summary>
/// Measures a server at every sweep level with the profile client: unique prompts (no prefix-cache hit may shorten a
/// prefill), exactly the requested output length (<c>ignore_eos</c>, <c>min_tokens</c>), streamed, closed loop, after a
/// warm-up of one request per client. A level with any failed request stops the sweep: a fit to errors is no fit.
/// </summary>
internal static class CalibrationSweep
{
    public static async Task<IReadOnlyList<SweepMeasurement>> MeasureAsync(
        CalibrationSettings settings, Action<string> report, CancellationToken cancellationToken)
    {
        var measured = new List<SweepMeasurement>();
        foreach (var point in settings.Points())
        {
            var figures = await MeasureAsync(settings, settings.Url, point, "calibration stopped", cancellationToken);
            report(FormattableString.Invariant(
                $"  concurrency {point.Concurrency,3}, prompt {point.PromptTokens,5}: TTFT p50 {figures.TtftP50Ms,9:0.00} ms, ITL {figures.ItlAvgMs,7:0.00} ms, {figures.RequestsPerSecond,8:0.00} requests/s"));
            measured.Add(new SweepMeasurement(point, figures.TtftP50Ms, figures.ItlAvgMs, figures.RequestsPerSecond));
        }

        return measured;
    }

    /// <summary>
    /// One sweep level against the server at <paramref name="url"/>; a failed run or request stops with
    /// <paramref name="stopped"/> ("calibration stopped", …), the level and the reason.
    /// </summary>
    public static async Task<TwinFigures> MeasureAsync(
        CalibrationSettings settings, Uri url, SweepPoint point, string stopped, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var outcome = await ProfileRuns.RunAsync(Config(settings, url, point), cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        var where = FormattableString.Invariant($"{stopped} at concurrency {point.Concurrency}, prompt {point.PromptTokens}");
        if (outcome.Result is not { } result)
        {
            throw new CliException(ExitCodes.Failure, $"{where}: {outcome.Error}");
        }

        if (result.ErrorCount > 0)
        {
            var first = result.Records.FirstOrDefault(r => r.Error is not null)?.Error;
            throw new CliException(ExitCodes.Failure, FormattableString.Invariant(
                $"{where}: {result.ErrorCount} of {result.Records.Count} requests failed ({first?.Type}: {first?.Message})"));
        }

        var m = result.Metrics;
        var ttft = m.Get(MetricCatalog.TimeToFirstToken.Tag)?.Stats;
        var ttftP50 = ttft?.Percentile(50);
        var ttftP90 = ttft?.Percentile(90);
        var itl = m.Get(MetricCatalog.InterTokenLatency.Tag)?.Avg;
        var throughput = m.Get(MetricCatalog.RequestThroughput.Tag)?.Avg;
        if (ttftP50 is not > 0 || ttftP90 is not > 0 || itl is not > 0 || throughput is not > 0)
        {
            throw new CliException(ExitCodes.Failure, $"{where}: the server's stream gave no TTFT or ITL (is it streaming token by token?)");
        }

        // Every answer is exactly --osl tokens (ignore_eos, min_tokens), so a server that reports no usage still has a
        // token throughput.
        var tokens = m.Get(MetricCatalog.OutputTokenThroughput.Tag)?.Avg;
        return new TwinFigures(ttftP50.Value, ttftP90.Value, itl.Value, throughput.Value, tokens is > 0 ? tokens.Value : throughput.Value * point.OutputTokens);
    }

    private static ProfileConfig Config(CalibrationSettings settings, Uri url, SweepPoint point) => new()
    {
        Models = [settings.Model],
        Url = url.ToString(),
        ApiKey = settings.ApiKey,
        EndpointType = EndpointType.Chat,
        Streaming = true,
        Concurrency = point.Concurrency,
        RequestCount = point.Requests,
        RequestCountSet = true,
        WarmupRequestCount = point.Concurrency,
        InputTokensMean = point.PromptTokens,
        OutputTokensMean = point.OutputTokens,
        ExtraInputs = [new ExtraInput("ignore_eos", "true"), new ExtraInput("min_tokens", point.OutputTokens.ToString(CultureInfo.InvariantCulture))],
        ConversationNum = point.Requests + point.Concurrency,
        SampleSequentially = true,
        RandomSeed = settings.Seed,
        RequestTimeoutSeconds = 600,
        CliCommand = "fakeai calibrate",
    };
}
