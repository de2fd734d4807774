using System.Text.Json;
using FakeAI.Server;
using FakeAI.Server.Engine;
using FakeAI.Server.Engine.Calibration;

namespace FakeAI.Cli.Tests.Calibrate;

// Timing: the sweeps run alone, after the parallel tests, so the real server and its twin see the same quiet-ish machine.
[Collection(LoadTests.Name)]
public sealed class CalibrateVerifyTests : IDisposable
{
    // Steps of ~15 ms, so a busy machine's scheduling noise is small beside them, and a batch limit of 2 that the sweep
    // of 1 and 3 clients goes past.
    private static readonly EngineOptions Hidden = new() { MaxNumSeqs = 2, MaxNumBatchedTokens = 2_048, StepTime = new StepTimeModel(1, 0.5, 0.2, 12, 0.004) };

    private readonly string _directory = Directory.CreateTempSubdirectory("fakeai-verify-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Artifacts => Path.Combine(_directory, "artifacts");

    private static Task<FakeAIServer> StartHiddenEngineAsync() => CliRunner.StartFastServerAsync(o =>
    {
        o.UseEngineProfile(Hidden, "hidden");
        o.KvCache.Workers = 1;
        o.KvCacheEnabled = false;
    });

    private async Task<string> WriteProfileAsync(EngineOptions engine)
    {
        var path = Path.Combine(_directory, "engine.json");
        await File.WriteAllTextAsync(path, new EngineProfile { Engine = EngineProfileEngine.From(engine) }.ToJson());
        return path;
    }

    private Task<(int ExitCode, string Output)> VerifyAsync(Uri url, string profile, params string[] sweep) => CliRunner.RunAsync(
        ["calibrate", "--verify", profile, "--url", url.ToString(), "-m", "m", "--osl", "8", "--requests-per-client", "2", "--artifact-dir", Artifacts, .. sweep]);

    /// <summary>The one run folder (verify-latest beside it is a link to it).</summary>
    private string Folder() => Assert.Single(Directory.GetDirectories(Artifacts, "verify-2*"));

    private JsonElement ReadResult() => JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder(), "verify.json"))).RootElement;

    [Fact]
    public async Task A_twin_of_the_servers_own_engine_reproduces_it_and_exits_0()
    {
        await using var server = await StartHiddenEngineAsync();
        var profile = await WriteProfileAsync(Hidden);

        // Generous: the test shares 2 cores with the other test projects (a 10 ms hiccup doubles a lone 13 ms TTFT of a
        // few requests); docs/calibrate.md has a quiet run's figures. A twin three times too slow (below) is off by +200 %.
        var (exitCode, text) = await VerifyAsync(server.Url, profile, "--concurrency", "1,3", "--isl", "32,256", "--max-error", "1.5");

        Assert.True(exitCode == 0, text);
        Assert.Contains("TTFT p90 ms: real / twin (error)", text, StringComparison.Ordinal);
        Assert.Contains("Worst cell: concurrency ", text, StringComparison.Ordinal);
        var result = ReadResult();
        Assert.True(result.GetProperty("passed").GetBoolean());
        Assert.Equal(4, result.GetProperty("cells").GetArrayLength());
        // The steady figures come out close in most cells even when a burst of load hits one of the two sides.
        double MedianError(string figure) => result.GetProperty("cells").EnumerateArray()
            .Select(c => Math.Abs(c.GetProperty("error").GetProperty(figure).GetDouble())).Order().ElementAt(1);
        Assert.InRange(MedianError("itl_avg"), 0, 0.25);
        Assert.InRange(MedianError("request_throughput"), 0, 0.25);

        Assert.True(File.Exists(Path.Combine(Folder(), "verify.md")));
        Assert.Equal(3, Directory.GetFiles(Folder(), "*.png").Length);
    }

    [Fact]
    public async Task A_twin_three_times_slower_than_the_server_is_refused_with_its_cells_named()
    {
        await using var server = await StartHiddenEngineAsync();
        var s = Hidden.StepTime;
        var profile = await WriteProfileAsync(new EngineOptions
        {
            MaxNumSeqs = Hidden.MaxNumSeqs,
            MaxNumBatchedTokens = Hidden.MaxNumBatchedTokens,
            StepTime = new StepTimeModel(s.BaseMs * 3, s.PerDecodeSeqMs * 3, s.PerTokenMs * 3, s.WeightsMs * 3, s.PerContextTokenMs * 3),
        });

        var (exitCode, text) = await VerifyAsync(server.Url, profile, "--concurrency", "1,3", "--isl", "32", "--max-error", "0.75");

        Assert.Equal(ExitCodes.Failure, exitCode);
        Assert.Contains("the twin misses 2 of 2 cells by more than --max-error 75.0%: concurrency 1, prompt 32:", text, StringComparison.Ordinal);
        var result = ReadResult();
        Assert.False(result.GetProperty("passed").GetBoolean());
        foreach (var cell in result.GetProperty("cells").EnumerateArray())
        {
            // +200 % on a quiet machine; load that slows the real server's steps shrinks it.
            Assert.True(cell.GetProperty("error").GetProperty("itl_avg").GetDouble() > 0.75, cell.ToString());
            Assert.True(cell.GetProperty("error").GetProperty("request_throughput").GetDouble() < 0, cell.ToString());
        }
    }

    [Theory]
    [InlineData(null, "does not exist")]
    [InlineData("{ \"kind\": ", "not an engine profile")]
    [InlineData("{ \"kind\": \"fakeai-engine-profile\", \"version\": 1, \"engine\": { \"max_num_seqs\": 0, \"max_num_batched_tokens\": 2048, \"kv_block_size\": 16, \"kv_capacity_blocks\": 1024, \"step_time_ms\": { \"base\": 1, \"per_decode_seq\": 0, \"per_token\": 0.1, \"weights\": 10, \"per_context_token\": 0 } } }", "max-num-seqs")]
    public async Task A_missing_or_bad_profile_is_one_line_naming_the_file_before_any_server_is_contacted(string? json, string problem)
    {
        var path = Path.Combine(_directory, "bad-engine.json");
        if (json is not null)
        {
            await File.WriteAllTextAsync(path, json);
        }

        var (exitCode, text) = await VerifyAsync(new Uri("http://127.0.0.1:1"), path);

        Assert.Equal(ExitCodes.Usage, exitCode);
        var line = Assert.Single(text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Contains("--verify", line, StringComparison.Ordinal);
        Assert.Contains("bad-engine.json", line, StringComparison.Ordinal);
        Assert.Contains(problem, line, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Artifacts) && Directory.EnumerateFileSystemEntries(Artifacts).Any());
    }

    [Fact]
    public async Task An_unreachable_server_stops_before_the_sweep_and_writes_nothing()
    {
        var profile = await WriteProfileAsync(Hidden);

        var (exitCode, text) = await VerifyAsync(new Uri("http://127.0.0.1:1"), profile);

        Assert.Equal(ExitCodes.Unreachable, exitCode);
        Assert.Contains("cannot reach", text, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Artifacts));
    }

    [Fact]
    public async Task The_fitting_options_are_refused_beside_verify_and_the_folder_without_it()
    {
        var (exitCode, text) = await CliRunner.RunAsync("calibrate", "--verify", "engine.json", "--url", "http://127.0.0.1:1", "-m", "m", "-o", "x.json", "--max-num-batched-tokens", "4096");

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Contains("--output: applies to fitting, not to --verify", text, StringComparison.Ordinal);
        Assert.Contains("--max-num-batched-tokens: applies to fitting", text, StringComparison.Ordinal);

        (exitCode, text) = await CliRunner.RunAsync("calibrate", "--url", "http://127.0.0.1:1", "-m", "m", "--artifact-dir", Artifacts);

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Contains("--artifact-dir: applies to --verify only", text, StringComparison.Ordinal);
    }
}
