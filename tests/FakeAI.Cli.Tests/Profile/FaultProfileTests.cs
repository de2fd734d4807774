using System.Globalization;
using System.Text.RegularExpressions;
using FakeAI.Server.Faults;

namespace FakeAI.Cli.Tests.Profile;

/// <summary><c>fakeai profile</c> against a server that injects faults: every injected fault is a failed request.</summary>
public sealed class FaultProfileTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "fakeai-faults-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task Random_faults_fail_exactly_the_requests_the_server_counted()
    {
        await using var server = await CliRunner.StartFastServerAsync(o =>
        {
            o.Faults.Seed = 5;
            o.Faults.Rates[FaultKind.RateLimit] = 0.15;
            o.Faults.Rates[FaultKind.Overloaded] = 0.05;
            o.Faults.Rates[FaultKind.Disconnect] = 0.1;
            o.Faults.Rates[FaultKind.StreamError] = 0.1;
            o.Faults.Rates[FaultKind.TruncatedJson] = 0.05;
        });

        var (exitCode, output) = await CliRunner.RunAsync(
            "profile", "-m", "gpt-4o", "--url", server.Url.ToString(), "--endpoint-type", "chat", "--streaming", "--request-count", "60",
            "--concurrency", "4", "--isl", "20", "--osl", "12", "--ui", "none", "--artifact-dir", _directory);
        using var client = new HttpClient { BaseAddress = server.Url };
        var metrics = await client.GetStringAsync("/metrics");
        var injected = Regex.Matches(metrics, @"(?m)^fakeai_injected_faults_total\{type=""[^""]+""\} (\d+)")
            .Sum(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));

        // Some requests succeeded, so the run itself succeeds (aiperf's rule); the failures are the injected faults.
        Assert.InRange(injected, 1, 59);
        Assert.True(exitCode == 0, output);
        Assert.Contains($"Requests: {60 - injected} succeeded, {injected} failed", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_forced_error_event_fails_every_request_with_the_servers_message()
    {
        await using var server = await CliRunner.StartFastServerAsync();

        var (_, output) = await CliRunner.RunAsync(
            "profile", "-m", "gpt-4o", "--url", server.Url.ToString(), "--endpoint-type", "chat", "--streaming", "--request-count", "5",
            "--osl", "12", "--ui", "none", "--artifact-dir", _directory, "-H", "X-FakeAI-Fault: stream-error;after=2");

        Assert.Contains("Requests: 0 succeeded, 5 failed", output, StringComparison.Ordinal);
        Assert.Contains("The server had an error while processing your request.", output, StringComparison.Ordinal);
    }
}
