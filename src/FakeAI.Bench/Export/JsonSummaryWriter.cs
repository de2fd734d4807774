using System.Text.Encodings.Web;
using System.Text.Json;
using FakeAI.Bench.Metrics;

namespace FakeAI.Bench.Export;

/// <summary>Writes <c>profile_export_aiperf.json</c> in aiperf's flat format: one object per metric with its unit and
/// statistics, every statistic a float as aiperf writes it; our own metrics carry <c>"fakeai_extension": true</c>.</summary>
internal static class JsonSummaryWriter
{
    public static void Write(Stream stream, ProfileResult result, string? artifactDirectory = null, string? recordsFileName = null)
    {
        // pydantic's layout: two-space indent, \n line ends, quotes escaped as \" and non-ASCII text as is.
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, NewLine = "\n", Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        writer.WriteStartObject();
        foreach (var metric in result.Metrics.Results)
        {
            writer.WriteStartObject(metric.Tag);
            writer.WriteString("unit", metric.Unit);
            InvariantFormat.WriteFloat(writer, "avg", metric.Avg);
            if (metric.Stats is { } stats)
            {
                for (var i = 0; i < Statistics.Percentiles.Count; i++)
                {
                    InvariantFormat.WriteFloat(writer, "p" + Statistics.Percentiles[i].ToString(System.Globalization.CultureInfo.InvariantCulture), stats.PercentileValues[i]);
                }

                InvariantFormat.WriteFloat(writer, "min", stats.Min);
                InvariantFormat.WriteFloat(writer, "max", stats.Max);
                InvariantFormat.WriteFloat(writer, "std", stats.Std);
            }

            if (metric.Definition.Has(MetricTraits.Extension))
            {
                writer.WriteBoolean("fakeai_extension", true);
            }

            writer.WriteEndObject();
        }

        InputConfigWriter.Write(writer, result.Config, artifactDirectory, recordsFileName);
        writer.WriteBoolean("was_cancelled", result.WasCancelled);
        if (result.ServerLostReason is { } lost)
        {
            writer.WriteString("server_lost", lost);
        }

        if (result.RebuiltFromRecords)
        {
            writer.WriteBoolean("rebuilt_from_records", true);
        }

        if (result.MergedShardCount is { } shards)
        {
            writer.WriteStartObject("merged_from_shards");
            writer.WriteNumber("shards", shards);
            writer.WriteString("run_window", "start_time is the earliest shard's start and end_time the latest shard's end, each read from its own machine's clock (no offset correction); the metrics are computed over every shard's records");
            writer.WriteEndObject();
        }

        writer.WriteStartArray("error_summary");
        foreach (var entry in result.ErrorSummary)
        {
            writer.WriteStartObject();
            writer.WritePropertyName("error_details");
            RecordJsonlWriter.WriteError(writer, entry.Details);
            writer.WriteNumber("count", entry.Count);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteString("start_time", InvariantFormat.LocalIso(result.StartTime));
        writer.WriteString("end_time", InvariantFormat.LocalIso(result.EndTime));
        writer.WriteEndObject();
    }
}
