using FakeAI.Cli.Server;
using FakeAI.Server;
using FakeAI.Server.Faults;

namespace FakeAI.Cli.Tests.Server;

public sealed class FaultCliTests
{
    private const string Cwd = "/work/dir";

    private static (FakeAIServerOptions? Options, IReadOnlyList<string> Errors) Build(
        FaultArguments? faults = null, Dictionary<string, string?>? env = null, string? config = null) =>
        ServerOptionsBuilder.Build(
            new ServerArguments { Faults = faults ?? new FaultArguments() },
            env ?? [],
            Cwd,
            path => config is not null && path == Path.Combine(Cwd, "fakeai.json") ? config : null);

    private static FaultOptions Ok((FakeAIServerOptions? Options, IReadOnlyList<string> Errors) result)
    {
        Assert.Empty(result.Errors);
        return result.Options!.Faults;
    }

    [Fact]
    public void No_faults_by_default()
    {
        var faults = Ok(Build());

        Assert.Empty(faults.Rates);
        Assert.Equal((0L, (int?)null, 5.0, 600.0, 1), (faults.Seed, faults.AfterTokens, faults.StallSeconds, faults.MaxHoldSeconds, faults.RetryAfterSeconds));
    }

    [Fact]
    public void Every_flag_reaches_the_fault_options()
    {
        var faults = Ok(Build(new FaultArguments
        {
            Rates = ["429=0.05,disconnect=0.01", "stall=0.02,429=0.1"],
            Seed = 42,
            After = 7,
            StallSeconds = 2.5,
            MaxHoldSeconds = 30,
            RetryAfterSeconds = 3,
        }));

        Assert.Equal(new Dictionary<FaultKind, double> { [FaultKind.RateLimit] = 0.1, [FaultKind.Disconnect] = 0.01, [FaultKind.Stall] = 0.02 }, faults.Rates);
        Assert.Equal((42L, (int?)7, 2.5, 30.0, 3), (faults.Seed, faults.AfterTokens, faults.StallSeconds, faults.MaxHoldSeconds, faults.RetryAfterSeconds));
    }

    [Fact]
    public void Config_file_then_environment_then_flags_set_faults_per_type()
    {
        const string config = """
            {"faults": {"rates": {"429": 0.05, "503": 0.02, "truncated-json": 0.01}, "seed": 9, "after": 3,
                        "stallSeconds": 1.5, "maxHoldSeconds": 120, "retryAfterSeconds": 4}}
            """;
        var env = new Dictionary<string, string?> { ["FAKEAI_FAULT_RATES"] = "503=0.2,timeout=0.01", ["FAKEAI_FAULT_SEED"] = "10", ["FAKEAI_FAULT_STALL_SECONDS"] = "2" };

        var file = Ok(Build(config: config));
        var fileAndEnv = Ok(Build(env: env, config: config));
        var all = Ok(Build(new FaultArguments { Rates = ["timeout=0"], Seed = 11, RetryAfterSeconds = 6 }, env, config));
        var stringRates = Ok(Build(config: """{"faults": {"rates": "stream-error=0.3"}}"""));
        var envOnly = Ok(Build(env: new() { ["FAKEAI_FAULT_AFTER"] = "2", ["FAKEAI_FAULT_MAX_HOLD"] = "60", ["FAKEAI_FAULT_RETRY_AFTER"] = "5" }));

        Assert.Equal(new Dictionary<FaultKind, double> { [FaultKind.RateLimit] = 0.05, [FaultKind.Overloaded] = 0.02, [FaultKind.TruncatedJson] = 0.01 }, file.Rates);
        Assert.Equal((9L, (int?)3, 1.5, 120.0, 4), (file.Seed, file.AfterTokens, file.StallSeconds, file.MaxHoldSeconds, file.RetryAfterSeconds));
        Assert.Equal(0.2, fileAndEnv.Rate(FaultKind.Overloaded));
        Assert.Equal(0.01, fileAndEnv.Rate(FaultKind.Timeout));
        Assert.Equal(0.05, fileAndEnv.Rate(FaultKind.RateLimit));
        Assert.Equal((10L, 2.0), (fileAndEnv.Seed, fileAndEnv.StallSeconds));
        Assert.Equal((0.0, 11L, 6), (all.Rate(FaultKind.Timeout), all.Seed, all.RetryAfterSeconds));
        Assert.Equal(0.3, stringRates.Rate(FaultKind.StreamError));
        Assert.Equal(((int?)2, 60.0, 5), (envOnly.AfterTokens, envOnly.MaxHoldSeconds, envOnly.RetryAfterSeconds));
    }

    [Fact]
    public void Malformed_values_from_every_source_are_all_reported()
    {
        var (fromFlags, flagErrors) = Build(new FaultArguments { Rates = ["429=lots,bogus=0.1"] });
        var (fromEnv, envErrors) = Build(env: new() { ["FAKEAI_FAULT_SEED"] = "abc", ["FAKEAI_FAULT_STALL_SECONDS"] = "long", ["FAKEAI_FAULT_RETRY_AFTER"] = "1.5" });
        var (fromFile, fileErrors) = Build(config: """{"faults": {"rates": {"429": "high", "502": 0.1}, "seed": "x", "jitter": 1}}""");
        var (notObject, notObjectErrors) = Build(config: """{"faults": 0.1}""");

        Assert.Null(fromFlags);
        Assert.Equal(
            ["--fault-rates: the rate of '429' ('lots') is not a number", "--fault-rates: unknown fault type 'bogus' (known: 429, 500, 503, 400, 401, timeout, disconnect, stream-error, stall, truncated-json)"],
            flagErrors);
        Assert.Null(fromEnv);
        Assert.Equal(
            ["FAKEAI_FAULT_SEED: 'abc' is not an integer", "FAKEAI_FAULT_STALL_SECONDS: 'long' is not a number of seconds", "FAKEAI_FAULT_RETRY_AFTER: '1.5' is not a whole number of seconds"],
            envErrors);
        Assert.Null(fromFile);
        Assert.Equal(4, fileErrors.Count);
        Assert.Contains(fileErrors, e => e.EndsWith("'faults'.rates.429 has the wrong type (string)", StringComparison.Ordinal));
        Assert.Contains(fileErrors, e => e.Contains("'faults'.rates: unknown fault type '502'", StringComparison.Ordinal));
        Assert.Contains(fileErrors, e => e.EndsWith("'faults'.seed has the wrong type (string)", StringComparison.Ordinal));
        Assert.Contains(fileErrors, e => e.Contains("'faults'.jitter is not a known setting", StringComparison.Ordinal));
        Assert.Null(notObject);
        Assert.Contains(notObjectErrors, e => e.EndsWith("'faults' has the wrong type (number)", StringComparison.Ordinal));
    }

    [Fact]
    public void Out_of_range_values_are_reported_by_validation_together()
    {
        var (options, errors) = Build(new FaultArguments { Rates = ["429=0.7,503=0.6"], After = -1, StallSeconds = 0 });

        Assert.Null(options);
        Assert.Equal(
            [
                "fault-rates: the rates add up to 1.3, more than 1",
                "fault-after: must not be negative",
                "fault-stall-seconds: 0 s is outside (0, 600] (at most fault-max-hold)",
            ],
            errors);
    }

    [Fact]
    public void The_flags_parse()
    {
        var command = ServerCommand.Create(new Spectre.Console.Testing.TestConsole(), () => new Dictionary<string, string?>(), Path.GetTempPath());

        var parse = command.Parse([
            "--fault-rates", "429=0.05,disconnect=0.01", "--fault-rates", "stall=0.1", "--fault-seed", "42", "--fault-after", "5",
            "--fault-stall-seconds", "2.5", "--fault-max-hold", "30", "--fault-retry-after", "2",
        ]);

        Assert.Empty(parse.Errors);
    }

    [Fact]
    public async Task A_bad_rate_flag_prints_one_line_and_exits_2()
    {
        var (exit, output) = await CliRunner.RunAsync("server", "--port", "0", "--fault-rates", "429=2");

        Assert.Equal(2, exit);
        Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("fault-rates: the rate of '429' is 2, outside 0-1", output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_start_line_lists_the_active_rates()
    {
        var faults = new FaultOptions { Seed = 42, Rates = { [FaultKind.Disconnect] = 0.01, [FaultKind.RateLimit] = 0.05, [FaultKind.Stall] = 0 } };

        Assert.Equal("Fault injection on: 429 5 %, disconnect 1 % of requests (fault seed 42).", FaultSummary.Describe(faults));
    }

    [Fact]
    public async Task Server_started_with_fault_flags_injects_them_and_says_so()
    {
        var console = new Spectre.Console.Testing.TestConsole();
        console.Profile.Width = 400;
        using var cancellation = new CancellationTokenSource();
        var run = CliApp.RunAsync(
            ["server", "--port", "0", "--ttft", "0", "--itl", "0", "--no-warmup", "--fault-rates", "503=1", "--fault-seed", "3"],
            console,
            cancellation.Token);

        System.Text.RegularExpressions.Match match;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!(match = System.Text.RegularExpressions.Regex.Match(console.Output, @"http://127\.0\.0\.1:\d+")).Success && DateTime.UtcNow < deadline && !run.IsCompleted)
        {
            await Task.Delay(20);
        }

        Assert.True(match.Success, console.Output);
        using var client = new HttpClient { BaseAddress = new Uri(match.Value) };
        using var response = await client.PostAsync("/v1/chat/completions", new StringContent(
            """{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}],"max_tokens":3}""", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("Fault injection on: 503 100 % of requests (fault seed 3).", console.Output, StringComparison.Ordinal);
        await cancellation.CancelAsync();
        Assert.Equal(ExitCodes.Success, await run.WaitAsync(TimeSpan.FromSeconds(20)));
    }
}
