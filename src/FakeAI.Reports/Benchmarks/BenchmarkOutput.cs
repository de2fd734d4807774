using FakeAI.Reports.Documents;
using FakeAI.Reports.Results;

namespace FakeAI.Reports.Benchmarks;

/// <summary>What one benchmark produced: its JSON results, its report, and one-line highlights for the summary.</summary>
public sealed record BenchmarkOutput(BenchResultFile Results, ReportDocument Report, IReadOnlyList<string> Highlights);
