using FakeAI.Bench;
using FakeAI.Reports.Charts;
using FakeAI.Server;

namespace FakeAI.Reports.Tests.Charts;

public sealed class ProfileChartsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static async Task<ProfileResult> RunAsync(bool streaming)
    {
        await using var server = await FakeAIServer.StartAsync(new FakeAIServerOptions { Port = 0, Ttft = LatencySpec.Exact(2), Itl = LatencySpec.Exact(0.2) });
        return await ProfileRunner.RunAsync(
            new ProfileConfig
            {
                Models = ["m"], Url = server.Url.ToString(), Streaming = streaming, Concurrency = 4, RequestCount = 40,
                InputTokensMean = 20, OutputTokensMean = 20,
            },
            progress: null,
            CancellationToken.None);
    }

    [Fact]
    public async Task Streaming_run_gets_all_four_charts()
    {
        var written = ProfileCharts.Write(await RunAsync(streaming: true), _dir.Path);

        Assert.Equal(
            [ProfileCharts.TtftFileName, ProfileCharts.ItlFileName, ProfileCharts.LatencyFileName, ProfileCharts.LatencyOverTimeFileName],
            written.Select(Path.GetFileName));
        Assert.All(written, p => Assert.Equal((ChartRenderer.Width, ChartRenderer.Height), ChartRendererTests.PngSize(p)));
    }

    [Fact]
    public async Task Non_streaming_run_has_no_ttft_or_itl_chart()
    {
        var written = ProfileCharts.Write(await RunAsync(streaming: false), _dir.Path);

        Assert.Equal([ProfileCharts.LatencyFileName, ProfileCharts.LatencyOverTimeFileName], written.Select(Path.GetFileName));
    }
}
