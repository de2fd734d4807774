using System.Globalization;
using System.Text.Json;
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
    public async Task More_failures_than_successes_fail_the_run_and_still_export_every_record()
    {
        await using var server = await CliRunner.StartFastServerAsync(o =>
        {
            o.Faults.Seed = 5;
            o.Faults.Rates[FaultKind.ServerError] = 0.8;
        });

        var (exitCode, output) = await CliRunner.RunAsync(
            "profile", "-m", "gpt-4o", "--url", server.Url.ToString(), "--endpoint-type", "chat", "--streaming", "--request-count", "40",
            "--concurrency", "4", "--isl", "20", "--osl", "5", "--ui", "none", "--artifact-dir", _directory);

        var failed = int.Parse(Regex.Match(output, @"Requests: \d+ succeeded, (\d+) failed").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.InRange(failed, 21, 40);
        Assert.Equal(1, exitCode);
        Assert.Contains("more requests failed", output, StringComparison.Ordinal);
        Assert.Equal(40, File.ReadLines(Path.Combine(_directory, "profile_export.jsonl")).Count());
    }

    [Fact]
    public async Task A_server_that_goes_away_mid_run_fails_it_with_the_reason_and_keeps_what_was_measured()
    {
        var server = await CliRunner.StartFastServerAsync();
        try
        {
            var run = CliRunner.RunAsync(
                "profile", "-m", "gpt-4o", "--url", server.Url.ToString(), "--endpoint-type", "chat", "--streaming", "--request-count", "100000",
                "--concurrency", "4", "--isl", "20", "--osl", "5", "--server-outage-timeout", "1", "--ui", "none", "--artifact-dir", _directory);
            var journal = Path.Combine(_directory, "profile_export.jsonl");
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (!(File.Exists(journal) && CountLines(journal) >= 20) && !run.IsCompleted && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }

            await server.DisposeAsync();
            var (exitCode, output) = await run;

            Assert.True(exitCode == 1, output);
            Assert.Contains("stopped accepting connections", output, StringComparison.Ordinal);
            Assert.InRange(CountLines(journal), 20, 99_000);
        }
        finally
        {
            await server.DisposeAsync();
        }

        static int CountLines(string path)
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            var count = 0;
            while (reader.ReadLine() is not null)
            {
                count++;
            }

            return count;
        }
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

    [Theory]
    [InlineData("responses", true)]
    [InlineData("responses", false)]
    [InlineData("messages", true)]
    [InlineData("messages", false)]
    public async Task Every_fault_type_on_responses_and_messages_is_a_failed_request_and_the_run_still_exports(string type, bool streaming)
    {
        await using var server = await CliRunner.StartFastServerAsync(o =>
        {
            o.Faults.Seed = 3;
            o.Faults.MaxHoldSeconds = 1;
            o.Faults.StallSeconds = 0.05;
            foreach (var kind in Enum.GetValues<FaultKind>())
            {
                o.Faults.Rates[kind] = 0.04;
            }
        });
        var artifacts = Path.Combine(_directory, type + streaming);
        var args = new List<string>
        {
            "profile", "-m", "gpt-4o", "--url", server.Url.ToString(), "--endpoint-type", type, "--request-count", "60", "--concurrency", "4",
            "--isl", "20", "--osl", "12", "--request-timeout-seconds", "10", "--ui", "none", "--artifact-dir", artifacts,
        };
        if (streaming)
        {
            args.Add("--streaming");
        }

        var (exitCode, output) = await CliRunner.RunAsync([.. args]);
        using var client = new HttpClient { BaseAddress = server.Url };
        var counts = Regex.Matches(await client.GetStringAsync("/metrics"), @"(?m)^fakeai_injected_faults_total\{type=""([^""]+)""\} (\d+)")
            .ToDictionary(m => m.Groups[1].Value, m => int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));

        var outcome = Regex.Match(output, @"Requests: (\d+) succeeded, (\d+) failed");
        Assert.True(outcome.Success, output);
        var succeeded = int.Parse(outcome.Groups[1].Value, CultureInfo.InvariantCulture);
        var failed = int.Parse(outcome.Groups[2].Value, CultureInfo.InvariantCulture);
        Assert.Equal(60, succeeded + failed);
        Assert.Equal(failed > succeeded ? 1 : 0, exitCode);

        // A stall only delays its answer; every other injected fault fails its request, except that a connection dropped
        // before any byte of an answer (a timeout's, or a disconnect's before the status line) looks like an idle
        // connection the server had closed, which the client replaces and sends the request again, as HttpClient does.
        var injectedFailures = counts.Where(c => c.Key != "stall").Sum(c => c.Value);
        Assert.InRange(failed, 1, injectedFailures);
        Assert.InRange(injectedFailures - failed, 0, counts["timeout"] + counts["disconnect"]);
        var export = JsonDocument.Parse(File.ReadAllText(Path.Combine(artifacts, "profile_export_aiperf.json"))).RootElement;
        var summary = export.GetProperty("error_summary").EnumerateArray().ToArray();
        Assert.Equal(failed, summary.Sum(e => e.GetProperty("count").GetInt32()));
        Assert.All(summary, e => Assert.False(string.IsNullOrWhiteSpace(e.GetProperty("error_details").GetProperty("message").GetString())));
        Assert.Equal(succeeded, export.GetProperty("request_count").GetProperty("avg").GetDouble());
        Assert.True(File.Exists(Path.Combine(artifacts, "profile_export.jsonl")));

        // A status fault shows the server's body, in the route's own error shape.
        var shape = type == "messages" ? "{\"type\":\"error\",\"error\":{\"type\":" : "{\"error\":{\"message\":";
        Assert.Contains(summary, e => e.GetProperty("error_details").GetProperty("message").GetString()!.StartsWith(shape, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("responses", "server_error")]
    [InlineData("messages", "api_error")]
    public async Task A_forced_stream_error_on_responses_and_messages_fails_every_request_with_the_apis_error(string type, string errorType)
    {
        await using var server = await CliRunner.StartFastServerAsync();
        var artifacts = Path.Combine(_directory, type + "-stream-error");

        var (exitCode, output) = await CliRunner.RunAsync(
            "profile", "-m", "gpt-4o", "--url", server.Url.ToString(), "--endpoint-type", type, "--streaming", "--request-count", "5",
            "--osl", "12", "--ui", "none", "--artifact-dir", artifacts, "-H", "X-FakeAI-Fault: stream-error;after=2");

        Assert.Equal(1, exitCode);
        Assert.Contains("Requests: 0 succeeded, 5 failed", output, StringComparison.Ordinal);
        var details = JsonDocument.Parse(File.ReadAllText(Path.Combine(artifacts, "profile_export_aiperf.json"))).RootElement
            .GetProperty("error_summary")[0].GetProperty("error_details");
        Assert.Equal(errorType, details.GetProperty("type").GetString());
        Assert.Equal(FaultResponses.StreamErrorMessage, details.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("responses", "stream ended before response.completed")]
    [InlineData("messages", "stream ended before message_stop")]
    public async Task A_stream_cut_after_its_last_token_is_incomplete_not_a_success(string type, string message)
    {
        await using var server = await CliRunner.StartFastServerAsync();
        var artifacts = Path.Combine(_directory, type + "-cut");

        var (_, output) = await CliRunner.RunAsync(
            "profile", "-m", "gpt-4o", "--url", server.Url.ToString(), "--endpoint-type", type, "--streaming", "--request-count", "3",
            "--osl", "6", "--ui", "none", "--artifact-dir", artifacts, "-H", "X-FakeAI-Fault: disconnect;after=6");

        // All six tokens arrived, but the stream's end never did: a reset, or (if the close won the race) an incomplete stream.
        Assert.Contains("Requests: 0 succeeded, 3 failed", output, StringComparison.Ordinal);
        var details = JsonDocument.Parse(File.ReadAllText(Path.Combine(artifacts, "profile_export_aiperf.json"))).RootElement
            .GetProperty("error_summary").EnumerateArray().Select(e => e.GetProperty("error_details").GetProperty("message").GetString()).ToArray();
        Assert.All(details, d => Assert.True(d == message || d!.Contains("reset", StringComparison.OrdinalIgnoreCase), d));
    }
}
