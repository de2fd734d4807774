using System.Net;
using System.Net.Sockets;
using FakeAI.Bench.Load;
using FakeAI.Server;

namespace FakeAI.Bench.Tests.Engine;

/// <summary>A real server stopped mid-run: sending pauses after a few refused connections instead of firing the rest of the
/// run as errors, resumes when the server is back, and stops the run (with a reason) when it stays away.</summary>
public sealed class ServerOutageTests
{
    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    // 20 ms per request keeps a 400-request run going for about 2 s at concurrency 4: long enough that the server is
    // really gone (its shutdown ends the kept-alive connections) before the run could finish without it.
    private static Task<FakeAIServer> StartAsync(int port) =>
        FakeAIServer.StartAsync(new FakeAIServerOptions { Host = "127.0.0.1", Port = port, Ttft = LatencySpec.Exact(20), Itl = LatencySpec.Exact(0.1) });

    private static ProfileConfig Config(int port, int requests, double outageSeconds) => new()
    {
        Models = ["m"],
        Url = $"127.0.0.1:{port}",
        Streaming = true,
        Concurrency = 4,
        RequestCount = requests,
        RequestCountSet = true,
        InputTokensMean = 10,
        OutputTokensMean = 5,
        RandomSeed = 1,
        ServerOutageTimeoutSeconds = outageSeconds,
    };

    [Fact]
    public async Task A_server_that_stays_down_stops_the_run_with_a_reason_after_few_errors()
    {
        var port = FreePort();
        var server = await StartAsync(port);
        var stopping = 0;
        var progress = new CallbackProgress(p =>
        {
            if (p.Completed >= 20 && Interlocked.Exchange(ref stopping, 1) == 0)
            {
                _ = Task.Run(() => server.DisposeAsync().AsTask());
            }
        });

        var result = await ProfileRunner.RunAsync(Config(port, 100_000, outageSeconds: 1), progress, CancellationToken.None);
        await server.DisposeAsync();

        Assert.NotNull(result.ServerLostReason);
        Assert.Contains("stopped accepting connections", result.ServerLostReason, StringComparison.Ordinal);
        Assert.InRange(result.SuccessCount, 20, 99_000);

        // Refused connections stop at the threshold plus what the four workers had already started (more while the
        // stopping server still takes connections it then drops); nothing near 100,000.
        var refused = result.Records.Count(r => r.ConnectFailed);
        Assert.InRange(refused, ServerHealth.FailureThreshold, ServerHealth.FailureThreshold + 16);
        Assert.Equal(result.Records.Count, result.SuccessCount + result.ErrorCount);
    }

    [Fact]
    public async Task A_server_restarted_within_the_outage_limit_lets_the_run_finish_with_every_request_accounted_for()
    {
        var port = FreePort();
        var server = await StartAsync(port);
        var restarted = new TaskCompletionSource<FakeAIServer>(TaskCreationOptions.RunContinuationsAsynchronously);
        var stopping = 0;
        var progress = new CallbackProgress(p =>
        {
            if (p.Completed >= 50 && Interlocked.Exchange(ref stopping, 1) == 0)
            {
                _ = Task.Run(async () =>
                {
                    await server.DisposeAsync();
                    await Task.Delay(1000);
                    restarted.SetResult(await StartAsync(port));
                });
            }
        });

        var result = await ProfileRunner.RunAsync(Config(port, 400, outageSeconds: 30), progress, CancellationToken.None);
        await using var second = await restarted.Task;

        Assert.Null(result.ServerLostReason);
        Assert.Equal(400, result.Records.Count);
        Assert.Equal(400, result.SuccessCount + result.ErrorCount);

        // The outage cost a few refused connections (the threshold, plus those already under way when it was reached,
        // more on a loaded machine where refusals are slow) and, at most, the streams cut when the first server stopped;
        // without the pause the rest of the 400 would have been refused.
        Assert.InRange(result.Records.Count(r => r.ConnectFailed), ServerHealth.FailureThreshold, ServerHealth.FailureThreshold + 16);
        Assert.InRange(result.SuccessCount, 400 - ServerHealth.FailureThreshold - 24, 400);
    }

    private sealed class CallbackProgress(Action<ProfileProgress> report) : IProgress<ProfileProgress>
    {
        public void Report(ProfileProgress value) => report(value);
    }
}
