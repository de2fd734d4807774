using System.Text.Json;
using FakeAI.Bench.Metrics;
using FakeAI.Bench.Records;

namespace FakeAI.Bench.Export;

/// <summary>Writes <c>profile_export.jsonl</c>: one line per profiling request with aiperf's metadata, per-request metrics
/// in display units and the error (aiperf.md §3.4), plus our <c>intended_start_ns</c>, schedule-lag and prompt-cache values.</summary>
internal static class RecordJsonlWriter
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();

    public static async Task WriteAsync(Stream stream, ProfileResult result, CancellationToken cancellationToken)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(4096);
        var writer = new Utf8JsonWriter(buffer);
        await using (writer.ConfigureAwait(false))
        {
            for (var i = 0; i < result.Records.Count; i++)
            {
                WriteLine(writer, result.Records[i], result.Metrics.Records[i], result.Clock);
                writer.Flush();
                await stream.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
                await stream.WriteAsync(NewLine, cancellationToken).ConfigureAwait(false);
                buffer.ResetWrittenCount();
                writer.Reset(buffer);
            }
        }
    }

    internal static void WriteError(Utf8JsonWriter writer, ErrorDetails error)
    {
        writer.WriteStartObject();
        if (error.Code is { } code)
        {
            writer.WriteNumber("code", code);
        }
        else
        {
            writer.WriteNull("code");
        }

        writer.WriteString("type", error.Type);
        writer.WriteString("message", error.Message);
        writer.WriteEndObject();
    }

    internal static void WriteLine(Utf8JsonWriter writer, RequestRecord record, RecordMetrics metrics, RunClock clock)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("metadata");
        writer.WriteNumber("session_num", record.CreditNumber);
        writer.WriteString("x_request_id", record.RequestId);
        writer.WriteString("x_correlation_id", record.CorrelationId);
        writer.WriteString("conversation_id", record.ConversationId);
        writer.WriteNumber("turn_index", record.TurnIndex);
        writer.WriteNumber("request_start_ns", clock.ToUnixNanoseconds(record.StartTimestamp));
        if (record.HeadersTimestamp != 0)
        {
            writer.WriteNumber("request_ack_ns", clock.ToUnixNanoseconds(record.HeadersTimestamp));
        }
        else
        {
            writer.WriteNull("request_ack_ns");
        }

        writer.WriteNumber("request_end_ns", clock.ToUnixNanoseconds(record.EndTimestamp));
        writer.WriteNumber("intended_start_ns", clock.ToUnixNanoseconds(record.IntendedStartTimestamp));
        writer.WriteString("model_name", record.Model);
        writer.WriteString("worker_id", "worker_0");
        writer.WriteString("record_processor_id", "record_processor_0");
        writer.WriteString("benchmark_phase", record.Phase == BenchmarkPhase.Warmup ? "warmup" : "profiling");
        writer.WriteBoolean("was_cancelled", record.WasCancelled);
        if (record.WasCancelled)
        {
            writer.WriteNumber("cancellation_time_ns", clock.ToUnixNanoseconds(record.CancellationTimestamp));
        }
        else
        {
            writer.WriteNull("cancellation_time_ns");
        }

        writer.WriteEndObject();

        writer.WriteStartObject("metrics");
        if (metrics.IsValid)
        {
            WriteInteger(writer, MetricCatalog.InputSequenceLength, metrics.InputSequenceLength);
            WriteValue(writer, MetricCatalog.TimeToFirstToken, metrics.TimeToFirstToken);
            WriteValue(writer, MetricCatalog.TimeToSecondToken, metrics.TimeToSecondToken);
            WriteValue(writer, MetricCatalog.RequestLatency, metrics.RequestLatency);
            WriteInteger(writer, MetricCatalog.OutputTokenCount, metrics.OutputTokenCount);
            WriteInteger(writer, MetricCatalog.ReasoningTokenCount, metrics.ReasoningTokenCount);
            if (metrics.InterChunkLatencies is { Count: > 0 } gaps)
            {
                writer.WriteStartObject(MetricCatalog.InterChunkLatency.Tag);
                writer.WriteStartArray("value");
                foreach (var gap in gaps)
                {
                    writer.WriteNumberValue(gap * MetricCatalog.InterChunkLatency.DisplayFactor);
                }

                writer.WriteEndArray();
                writer.WriteString("unit", MetricCatalog.InterChunkLatency.Unit);
                writer.WriteEndObject();
            }

            WriteInteger(writer, MetricCatalog.OutputSequenceLength, metrics.OutputSequenceLength);
            WriteValue(writer, MetricCatalog.InterTokenLatency, metrics.InterTokenLatency);
            WriteValue(writer, MetricCatalog.OutputTokenThroughputPerUser, metrics.OutputTokenThroughputPerUser);
            WriteValue(writer, MetricCatalog.TimeToFirstTokenFromIntended, metrics.TimeToFirstTokenFromIntended);
            WriteValue(writer, MetricCatalog.RequestLatencyFromIntended, metrics.RequestLatencyFromIntended);
            WriteValue(writer, MetricCatalog.PromptCacheHitRatio, metrics.PromptCacheHitRatio);
        }
        else
        {
            WriteInteger(writer, MetricCatalog.ErrorIsl, metrics.ErrorInputSequenceLength);
        }

        WriteValue(writer, MetricCatalog.ScheduleLag, metrics.ScheduleLag);
        writer.WriteEndObject();

        if (record.Error is { } error)
        {
            writer.WritePropertyName("error");
            WriteError(writer, error);
        }
        else
        {
            writer.WriteNull("error");
        }

        writer.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter writer, MetricDefinition definition, double? value)
    {
        if (value is { } v)
        {
            writer.WriteStartObject(definition.Tag);
            writer.WriteNumber("value", v * definition.DisplayFactor);
            writer.WriteString("unit", definition.Unit);
            writer.WriteEndObject();
        }
    }

    private static void WriteInteger(Utf8JsonWriter writer, MetricDefinition definition, int? value)
    {
        if (value is { } v)
        {
            writer.WriteStartObject(definition.Tag);
            writer.WriteNumber("value", v);
            writer.WriteString("unit", definition.Unit);
            writer.WriteEndObject();
        }
    }
}
