using System.Text.Json;
using FakeAI.Bench.Metrics;

namespace FakeAI.Bench.Export;

/// <summary>Writes <c>profile_export_aiperf.json</c> in aiperf's flat format (aiperf.md §3.2).</summary>
internal static class JsonSummaryWriter
{
    public static void Write(Stream stream, ProfileResult result)
    {
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        writer.WriteStartObject();
        foreach (var metric in result.Metrics.Results)
        {
            writer.WriteStartObject(metric.Tag);
            writer.WriteString("unit", metric.Unit);
            writer.WriteNumber("avg", metric.Avg);
            if (metric.Stats is { } stats)
            {
                for (var i = 0; i < Statistics.Percentiles.Count; i++)
                {
                    writer.WriteNumber("p" + Statistics.Percentiles[i].ToString(System.Globalization.CultureInfo.InvariantCulture), stats.PercentileValues[i]);
                }

                writer.WriteNumber("min", stats.Min);
                writer.WriteNumber("max", stats.Max);
                writer.WriteNumber("std", stats.Std);
            }

            writer.WriteEndObject();
        }

        WriteInputConfig(writer, result.Config);
        writer.WriteBoolean("was_cancelled", result.WasCancelled);
        if (result.ServerLostReason is { } lost)
        {
            writer.WriteString("server_lost", lost);
        }

        if (result.RebuiltFromRecords)
        {
            writer.WriteBoolean("rebuilt_from_records", true);
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

    /// <summary>Only what the user set (aiperf dumps with exclude_unset), plus the command line.</summary>
    private static void WriteInputConfig(Utf8JsonWriter writer, ProfileConfig config)
    {
        writer.WriteStartObject("input_config");
        writer.WriteStartObject("endpoint");
        writer.WriteStartArray("model_names");
        foreach (var model in config.Models)
        {
            writer.WriteStringValue(model);
        }

        writer.WriteEndArray();
        writer.WriteString("type", EndpointTypes.NameOf(config.EndpointType));
        if (config.CustomEndpoint is not null)
        {
            writer.WriteString("custom_endpoint", config.CustomEndpoint);
        }

        writer.WriteBoolean("streaming", config.EffectiveStreaming);
        writer.WriteString("url", config.Url);
        writer.WriteEndObject();

        writer.WriteStartObject("loadgen");
        var mode = config.ResolveLoadMode();
        if (config.Concurrency is { } concurrency)
        {
            writer.WriteNumber("concurrency", concurrency);
        }

        if (config.RequestRate is { } rate)
        {
            writer.WriteNumber("request_rate", rate);
        }

        writer.WriteString("request_rate_mode", mode switch
        {
            LoadMode.RequestRate => config.RequestRateMode == RequestRateMode.Constant ? "constant" : "poisson",
            LoadMode.FixedSchedule => "fixed_schedule",
            _ => "concurrency_burst",
        });
        if (config.BenchmarkDurationSeconds is { } duration)
        {
            writer.WriteNumber("benchmark_duration", duration);
            writer.WriteNumber("benchmark_grace_period", config.BenchmarkGracePeriodSeconds);
        }
        else
        {
            writer.WriteNumber("request_count", config.RequestCount);
        }

        if (config.WarmupRequestCount > 0)
        {
            writer.WriteNumber("warmup_request_count", config.WarmupRequestCount);
        }

        if (config.RequestCancellationRate > 0)
        {
            writer.WriteNumber("request_cancellation_rate", config.RequestCancellationRate);
            writer.WriteNumber("request_cancellation_delay", config.RequestCancellationDelaySeconds);
        }

        writer.WriteEndObject();
        if (config.CliCommand is not null)
        {
            writer.WriteString("cli_command", config.CliCommand);
        }

        writer.WriteEndObject();
    }
}
