using FakeAI.Bench.Metrics;
using FakeAI.Bench.Records;

namespace FakeAI.Bench.Export;

/// <summary>One line of a per-request JSONL as written, with the per-request values read back from it.</summary>
internal sealed record RecordLine(string Text, RecordMetrics Metrics, ErrorDetails? Error, long EndNs);

/// <summary>A per-request JSONL read back: its records, and whether a last line cut off by a kill was skipped.</summary>
internal sealed record RecordLines(IReadOnlyList<RecordLine> Lines, int SkippedLines);
