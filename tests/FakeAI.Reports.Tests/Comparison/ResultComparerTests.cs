using FakeAI.Reports.Comparison;
using FakeAI.Reports.Documents;

namespace FakeAI.Reports.Tests.Comparison;

public sealed class ResultComparerTests
{
    internal static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Comparison", "Fixtures", name);

    private static async Task<ComparisonReport> CompareAsync(double threshold, params string[] names)
    {
        var sets = new List<ResultSet>();
        foreach (var name in names)
        {
            sets.Add(await ResultFileReader.ReadAsync(Fixture(name), CancellationToken.None));
        }

        return ResultComparer.Compare(sets, threshold);
    }

    private static ComparisonRow Row(ComparisonReport report, string key) => Assert.Single(report.Rows, r => r.Key == key);

    [Fact]
    public async Task Profile_exports_give_known_deltas_and_direction_aware_verdicts()
    {
        var report = await CompareAsync(5, "profile_a.json", "profile_b.json");

        var throughput = Row(report, "request_throughput").Deltas[0]!;
        Assert.Equal(-10, throughput.Absolute, 9);
        Assert.Equal(-10, throughput.Percent!.Value, 9);
        Assert.Equal(DeltaVerdict.Regressed, throughput.Verdict);

        var p99 = Row(report, "request_latency.p99").Deltas[0]!;
        Assert.Equal(60, p99.Absolute, 9);
        Assert.Equal(20, p99.Percent!.Value, 9);
        Assert.Equal(DeltaVerdict.Regressed, p99.Verdict);

        Assert.Equal(DeltaVerdict.Improved, Row(report, "time_to_first_token.avg").Deltas[0]!.Verdict);
        Assert.Equal(DeltaVerdict.Unchanged, Row(report, "request_latency.avg").Deltas[0]!.Verdict); // +2.5 %
        Assert.Equal(DeltaVerdict.Unchanged, Row(report, "output_token_throughput").Deltas[0]!.Verdict); // +2 %
        Assert.Equal(DeltaVerdict.Unchanged, Row(report, "benchmark_duration").Deltas[0]!.Verdict); // neutral, +11 %

        var errors = Row(report, "error_request_count");
        Assert.Equal([0, 3], errors.Values);
        Assert.Null(errors.Deltas[0]!.Percent);
        Assert.Equal(DeltaVerdict.Regressed, errors.Deltas[0]!.Verdict);

        Assert.Equal(3, report.Regressions.Count());
    }

    [Fact]
    public async Task A_higher_threshold_leaves_only_the_larger_regressions()
    {
        var report = await CompareAsync(15, "profile_a.json", "profile_b.json");

        Assert.Equal(["error_request_count", "request_latency.p99"], report.Regressions.Select(r => r.Row.Key).Order());
    }

    [Fact]
    public async Task Identical_files_have_no_regression()
    {
        var report = await CompareAsync(0, "profile_a.json", "profile_a.json");

        Assert.False(report.HasRegression);
        Assert.All(report.Rows, r => Assert.Equal(0, r.Deltas[0]!.Absolute));
    }

    [Fact]
    public async Task Suite_summaries_compare_per_run_and_skip_failed_runs()
    {
        var report = await CompareAsync(5, "suite_a.json", "suite_b.json");

        Assert.DoesNotContain(report.Rows, r => r.Key.StartsWith("Llama", StringComparison.Ordinal));
        var rps = Row(report, "gpt-oss-120b-chat-concurrency50-streaming / request_throughput").Deltas[0]!;
        Assert.Equal(25, rps.Percent!.Value, 9);
        Assert.Equal(DeltaVerdict.Improved, rps.Verdict);
        var p99 = Row(report, "gpt-oss-120b-chat-concurrency50-streaming / request_latency.p99").Deltas[0]!;
        Assert.Equal(4, p99.Percent!.Value, 9);
        Assert.Equal(DeltaVerdict.Unchanged, p99.Verdict);
        Assert.False(report.HasRegression);
    }

    [Fact]
    public async Task Bench_results_use_the_direction_stored_in_the_file()
    {
        var report = await CompareAsync(5, "throughput_results_a.json", "throughput_results_b.json");

        Assert.Equal(DeltaVerdict.Regressed, Row(report, "Small non-stream / requests_per_second").Deltas[0]!.Verdict);
        Assert.Equal(DeltaVerdict.Improved, Row(report, "Small non-stream / latency_p90").Deltas[0]!.Verdict);
        Assert.Equal(DeltaVerdict.Unchanged, Row(report, "Small non-stream / requests").Deltas[0]!.Verdict);
    }

    [Fact]
    public async Task Mixed_files_line_up_by_key_and_missing_values_show_a_dash()
    {
        var report = await CompareAsync(5, "profile_a.json", "profile_records_layout.json", "suite_a.json");

        var p90 = Row(report, "request_latency.p90");
        Assert.Equal([250, 230, null], p90.Values);
        Assert.Equal(-8, p90.Deltas[0]!.Percent!.Value, 9);
        Assert.Null(p90.Deltas[1]);

        var md = MarkdownReportWriter.Render(report.ToDocument());
        Assert.Contains("| Metric | Unit | A | B | Δ B | Δ% B | C | Δ C | Δ% C |", md, StringComparison.Ordinal);
        Assert.Contains("| request_latency.p90 | ms | 250 | 230 | -20 | -8.0 % (better) | — | — | — |", md, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Markdown_lists_files_and_regressions()
    {
        var md = MarkdownReportWriter.Render((await CompareAsync(5, "profile_a.json", "profile_b.json")).ToDocument());

        Assert.Contains("| A | " + Fixture("profile_a.json") + " | profile export | openai/gpt-oss-120b, streaming, concurrency 50, 2025-10-03T13:13:39.146443 |", md, StringComparison.Ordinal);
        Assert.Contains("| request_throughput | requests/sec | 100 | 90 | -10 | -10.0 % **REGRESSION** |", md, StringComparison.Ordinal);
        Assert.Contains("- **B** request_latency.p99: 300 → 360 ms (+20.0 %)", md, StringComparison.Ordinal);
        Assert.Contains("- **B** error_request_count: 0 → 3 requests (n/a)", md, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("missing.json", "file not found")]
    [InlineData("foreign.json", "not a result file")]
    [InlineData("array.json", "expected a JSON object at the top level, found an array")]
    [InlineData("truncated.json", "not valid JSON")]
    [InlineData("other_schema.json", "unknown schema \"someone.else.v9\"")]
    public async Task Unreadable_or_foreign_files_name_the_file_and_the_reason(string name, string reason)
    {
        var e = await Assert.ThrowsAsync<ResultFileException>(() => ResultFileReader.ReadAsync(Fixture(name), CancellationToken.None));

        Assert.Equal(Fixture(name), e.FilePath);
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
        Assert.StartsWith(Fixture(name) + ": ", e.Message, StringComparison.Ordinal);
    }
}
