using System.Net;
using System.Text.RegularExpressions;
using FakeAI.Cli.Server;
using FakeAI.Server;
using Spectre.Console.Testing;

namespace FakeAI.Cli.Tests.Server;

public sealed partial class LimitsCliTests
{
    private const string Cwd = "/work/dir";

    [GeneratedRegex(@"http://127\.0\.0\.1:(\d+)")]
    private static partial Regex UrlPattern();

    private static (FakeAIServerOptions? Options, IReadOnlyList<string> Errors) Build(
        LimitsArguments? limits = null, Dictionary<string, string?>? env = null, string? config = null) =>
        ServerOptionsBuilder.Build(
            new ServerArguments { Limits = limits ?? new LimitsArguments() },
            env ?? [],
            Cwd,
            path => config is not null && path == Path.Combine(Cwd, "fakeai.json") ? config : null);

    private static (int? Rpm, int? Tpm, int? Concurrency, int? Queue, TimeSpan? Timeout, TimeSpan Delay) Limits(FakeAIServerOptions? options)
    {
        Assert.NotNull(options);
        var l = options.Limits;
        return (l.RequestsPerMinute, l.TokensPerMinute, l.MaxConcurrency, l.MaxQueue, l.QueueTimeout, l.StartupDelay);
    }

    [Fact]
    public void Everything_is_off_when_nothing_is_given()
    {
        var (options, errors) = Build();

        Assert.Empty(errors);
        Assert.Equal((null, null, null, null, null, TimeSpan.Zero), Limits(options));
    }

    [Fact]
    public void Flags_reach_the_server_options()
    {
        var (options, errors) = Build(new LimitsArguments
        {
            RequestsPerMinute = 60, TokensPerMinute = 150_000, MaxConcurrency = 4, MaxQueue = 16, QueueTimeoutSeconds = 2.5, StartupDelaySeconds = 30,
        });

        Assert.Empty(errors);
        Assert.Equal((60, 150_000, 4, 16, TimeSpan.FromSeconds(2.5), TimeSpan.FromSeconds(30)), Limits(options));
    }

    [Fact]
    public void Environment_variables_take_effect()
    {
        var (options, errors) = Build(env: new()
        {
            ["FAKEAI_RPM"] = "500",
            ["FAKEAI_TPM"] = "30000",
            ["FAKEAI_MAX_CONCURRENCY"] = "8",
            ["FAKEAI_MAX_QUEUE"] = "0",
            ["FAKEAI_QUEUE_TIMEOUT"] = "0.5",
            ["FAKEAI_STARTUP_DELAY"] = "12",
        });

        Assert.Empty(errors);
        Assert.Equal((500, 30_000, 8, 0, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(12)), Limits(options));
    }

    [Fact]
    public void Config_file_sets_every_limit_and_environment_then_flags_override_it()
    {
        const string json = """{"rpm": 10, "tpm": 2000, "maxConcurrency": 2, "maxQueue": 4, "queueTimeout": 1.5, "startupDelay": 3}""";

        var (fileOnly, errors) = Build(config: json);
        var (envOverFile, _) = Build(env: new() { ["FAKEAI_RPM"] = "20", ["FAKEAI_STARTUP_DELAY"] = "0" }, config: json);
        var (flagsOverAll, _) = Build(new LimitsArguments { RequestsPerMinute = 30, MaxQueue = 9 }, new() { ["FAKEAI_RPM"] = "20" }, json);

        Assert.Empty(errors);
        Assert.Equal((10, 2000, 2, 4, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(3)), Limits(fileOnly));
        Assert.Equal((20, 2000, 2, 4, TimeSpan.FromSeconds(1.5), TimeSpan.Zero), Limits(envOverFile));
        Assert.Equal((30, 2000, 2, 9, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(3)), Limits(flagsOverAll));
    }

    [Fact]
    public void Malformed_values_in_every_source_are_all_reported()
    {
        var (options, errors) = Build(
            new LimitsArguments { StartupDelaySeconds = double.PositiveInfinity },
            new() { ["FAKEAI_RPM"] = "ten", ["FAKEAI_QUEUE_TIMEOUT"] = "soon" },
            """{"maxQueue": "many", "startupDelay": 1e9}""");

        Assert.Null(options);
        Assert.Equal(
            [
                "/work/dir/fakeai.json: 'maxQueue' has the wrong type (string)",
                "/work/dir/fakeai.json: 'startupDelay': '1000000000' is not a number of seconds between 0 and 86400",
                "FAKEAI_RPM: 'ten' is not an integer",
                "FAKEAI_QUEUE_TIMEOUT: 'soon' is not a number of seconds",
                "--startup-delay: 'Infinity' is not a number of seconds between 0 and 86400",
            ],
            errors);
    }

    [Fact]
    public void Out_of_range_values_are_reported_by_the_server_options_all_at_once()
    {
        var (options, errors) = Build(new LimitsArguments { RequestsPerMinute = 0, MaxQueue = 3, QueueTimeoutSeconds = -1, StartupDelaySeconds = -2 });

        Assert.Null(options);
        Assert.Equal(
            [
                "rpm: must be at least 1 (got 0)",
                "max-queue: only takes effect together with max-concurrency",
                "queue-timeout: must be more than 0 and at most 86400 seconds (got -1)",
                "queue-timeout: only takes effect together with max-concurrency",
                "startup-delay: must be between 0 and 86400 seconds (got -2)",
            ],
            errors);
    }

    [Fact]
    public async Task The_flags_parse_on_the_real_command_line()
    {
        // A bad port makes the command stop after parsing and building the options, so no server is left running.
        var (parsed, output) = await CliRunner.RunAsync(
            "server", "--rpm", "60", "--tpm", "1000", "--max-concurrency", "4", "--max-queue", "16", "--queue-timeout", "2.5", "--startup-delay", "1", "--port", "70000");
        var (invalid, invalidOutput) = await CliRunner.RunAsync("server", "--rpm", "0", "--max-queue", "1", "--port", "0");

        Assert.Equal(2, parsed);
        Assert.Contains("port: 70000 is outside 0-65535", output, StringComparison.Ordinal);
        Assert.DoesNotContain("rpm", output, StringComparison.Ordinal);
        Assert.Equal(2, invalid);
        Assert.Single(invalidOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("rpm: must be at least 1 (got 0); max-queue: only takes effect together with max-concurrency", invalidOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_started_with_a_startup_delay_listens_at_once_and_is_not_ready()
    {
        var console = new TestConsole();
        console.Profile.Width = 400;
        using var cancellation = new CancellationTokenSource();
        var run = CliApp.RunAsync(["server", "--port", "0", "--startup-delay", "600", "--rpm", "5"], console, cancellation.Token);

        Match match;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!(match = UrlPattern().Match(console.Output)).Success && DateTime.UtcNow < deadline && !run.IsCompleted)
        {
            await Task.Delay(20);
        }

        Assert.True(match.Success, console.Output);
        using var client = new HttpClient { BaseAddress = new Uri(match.Value) };
        using var health = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Contains("\"status\":\"starting\"", await health.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("Not ready for 600 s (--startup-delay)", console.Output, StringComparison.Ordinal);
        await cancellation.CancelAsync();
        Assert.Equal(ExitCodes.Success, await run.WaitAsync(TimeSpan.FromSeconds(20)));
    }
}
