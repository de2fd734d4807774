using System.Globalization;
using FakeAI.Bench;
using FakeAI.Bench.Metrics;
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
            cancellationToken.ThrowIfCancellationRequested();
            var outcome = await ProfileRuns.RunAsync(Config(settings, point), cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
            if (outcome.Result is not { } result)
            {
                throw new CliException(ExitCodes.Failure, $"calibration stopped at concurrency {point.Concurrency}, prompt {point.PromptTokens}: {outcome.Error}");
            }

            if (result.ErrorCount > 0)
            {
                var first = result.Records.FirstOrDefault(r => r.Error is not null)?.Error;
                throw new CliException(ExitCodes.Failure, FormattableString.Invariant(
                    $"calibration stopped at concurrency {point.Concurrency}, prompt {point.PromptTokens}: {result.ErrorCount} of {result.Records.Count} requests failed ({first?.Type}: {first?.Message})"));
            }

            var m = result.Metrics;
            var ttft = m.Get(MetricCatalog.TimeToFirstToken.Tag)?.Stats?.Percentile(50);
            var itl = m.Get(MetricCatalog.InterTokenLatency.Tag)?.Avg;
            var throughput = m.Get(MetricCatalog.RequestThroughput.Tag)?.Avg;
            if (ttft is not > 0 || itl is not > 0 || throughput is not > 0)
            {
                throw new CliException(ExitCodes.Failure, $"calibration stopped at concurrency {point.Concurrency}, prompt {point.PromptTokens}: the server's stream gave no TTFT or ITL (is it streaming token by token?)");
            }

            var measurement = new SweepMeasurement(point, ttft.Value, itl.Value, throughput.Value);
            report(FormattableString.Invariant(
                $"  concurrency {point.Concurrency,3}, prompt {point.PromptTokens,5}: TTFT p50 {measurement.TtftP50Ms,9:0.00} ms, ITL {measurement.ItlAvgMs,7:0.00} ms, {measurement.RequestsPerSecond,8:0.00} requests/s"));
            measured.Add(measurement);
        }

        return measured;
    }

    private static ProfileConfig Config(CalibrationSettings settings, SweepPoint point) => new()
    {
        Models = [settings.Model],
        Url = settings.Url.ToString(),
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
