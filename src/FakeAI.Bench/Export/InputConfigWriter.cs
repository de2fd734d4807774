using System.Text.Json;
using FakeAI.Protocol.Tokenization;

namespace FakeAI.Bench.Export;

/// <summary>
/// Writes <c>input_config</c> the way aiperf dumps its user configuration: aiperf's sections and field names in its order
/// (endpoint, input, output, tokenizer, loadgen, cli_command), only the fields the run set (aiperf omits unset ones),
/// plus what aiperf itself fills in: the computed artifact directory and, without a request rate, concurrency 1 with
/// the <c>concurrency_burst</c> mode. Numbers aiperf types as floats are written as floats. The API key is left out.
/// </summary>
internal static class InputConfigWriter
{
    public static void Write(Utf8JsonWriter writer, ProfileConfig config, string? artifactDirectory, string? recordsFileName)
    {
        writer.WriteStartObject("input_config");
        WriteEndpoint(writer, config);
        WriteInput(writer, config);
        writer.WriteStartObject("output");
        if (artifactDirectory is not null)
        {
            writer.WriteString("artifact_directory", artifactDirectory);
        }

        if (recordsFileName is not null && recordsFileName != ProfileExporter.DefaultRecordsFileName)
        {
            writer.WriteString("profile_export_file", recordsFileName);
        }

        writer.WriteEndObject();
        if (config.TokenizerPath is not null || config.Tokenizer != TokenizerEncoding.O200kBase)
        {
            writer.WriteStartObject("tokenizer");
            writer.WriteString("name", config.TokenizerPath ?? TokenizerService.NameOf(config.Tokenizer));
            writer.WriteEndObject();
        }

        WriteLoadgen(writer, config);
        if (config.CliCommand is not null)
        {
            writer.WriteString("cli_command", config.CliCommand);
        }

        writer.WriteEndObject();
    }

    private static void WriteEndpoint(Utf8JsonWriter writer, ProfileConfig config)
    {
        writer.WriteStartObject("endpoint");
        writer.WriteStartArray("model_names");
        foreach (var model in config.Models)
        {
            writer.WriteStringValue(model);
        }

        writer.WriteEndArray();
        if (config.CustomEndpoint is not null)
        {
            writer.WriteString("custom_endpoint", config.CustomEndpoint);
        }

        writer.WriteString("type", EndpointTypes.NameOf(config.EndpointType));
        if (config.Streaming)
        {
            // aiperf turns streaming off for endpoints that cannot stream, and the dump shows the corrected value.
            writer.WriteBoolean("streaming", config.EffectiveStreaming);
        }

        writer.WriteString("url", SecretRedaction.Url(config.Url));
        if (config.RequestTimeoutSeconds != 600)
        {
            InvariantFormat.WriteFloat(writer, "timeout_seconds", config.RequestTimeoutSeconds);
        }

        writer.WriteEndObject();
    }

    private static void WriteInput(Utf8JsonWriter writer, ProfileConfig config)
    {
        writer.WriteStartObject("input");
        if (config.ExtraInputs.Count > 0)
        {
            writer.WriteStartArray("extra");
            foreach (var extra in config.ExtraInputs)
            {
                writer.WriteStartArray();
                writer.WriteStringValue(extra.Name);
                using var value = JsonDocument.Parse(extra.JsonValue);
                value.RootElement.WriteTo(writer);
                writer.WriteEndArray();
            }

            writer.WriteEndArray();
        }

        if (config.Headers.Count > 0)
        {
            writer.WriteStartArray("headers");
            foreach (var (name, value) in config.Headers)
            {
                writer.WriteStartArray();
                writer.WriteStringValue(name);
                writer.WriteStringValue(SecretRedaction.IsSecretName(name) ? SecretRedaction.Mask : value);
                writer.WriteEndArray();
            }

            writer.WriteEndArray();
        }

        if (config.InputFile is not null)
        {
            writer.WriteString("file", config.InputFile);
        }

        if (config.FixedSchedule)
        {
            writer.WriteBoolean("fixed_schedule", true);
        }

        if (config.FixedScheduleAutoOffset)
        {
            writer.WriteBoolean("fixed_schedule_auto_offset", true);
        }

        WriteOptional(writer, "fixed_schedule_start_offset", config.FixedScheduleStartOffsetMs);
        WriteOptional(writer, "fixed_schedule_end_offset", config.FixedScheduleEndOffsetMs);
        if (config.PublicDataset is not null)
        {
            writer.WriteString("public_dataset", config.PublicDataset.ToLowerInvariant());
        }

        if (config.CustomDatasetType is { } datasetType)
        {
            writer.WriteString("custom_dataset_type", datasetType switch
            {
                CustomDatasetType.SingleTurn => "single_turn",
                CustomDatasetType.MultiTurn => "multi_turn",
                CustomDatasetType.RandomPool => "random_pool",
                _ => "mooncake_trace",
            });
        }

        WriteOptional(writer, "random_seed", config.RandomSeed);
        if (config.Goodput.Count > 0)
        {
            writer.WriteStartObject("goodput");
            foreach (var target in config.Goodput)
            {
                InvariantFormat.WriteFloat(writer, target.Tag, target.Threshold);
            }

            writer.WriteEndObject();
        }

        WritePrompt(writer, config);
        if (config.ConversationNum != 100)
        {
            writer.WriteStartObject("conversation");
            writer.WriteNumber("num", config.ConversationNum);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void WritePrompt(Utf8JsonWriter writer, ProfileConfig config)
    {
        var input = config.InputTokensMean != 550 || config.InputTokensStddev != 0 || config.InputTokensBlockSize != 512;
        var output = config.OutputTokensMean is not null || config.OutputTokensStddev != 0;
        var prefix = config.NumPrefixPrompts != 0 || config.PrefixPromptLength != 0;
        if (config.BatchSize == 1 && !input && !output && !prefix)
        {
            return;
        }

        writer.WriteStartObject("prompt");
        if (config.BatchSize != 1)
        {
            writer.WriteNumber("batch_size", config.BatchSize);
        }

        if (input)
        {
            writer.WriteStartObject("input_tokens");
            if (config.InputTokensMean != 550)
            {
                writer.WriteNumber("mean", config.InputTokensMean);
            }

            if (config.InputTokensStddev != 0)
            {
                InvariantFormat.WriteFloat(writer, "stddev", config.InputTokensStddev);
            }

            if (config.InputTokensBlockSize != 512)
            {
                writer.WriteNumber("block_size", config.InputTokensBlockSize);
            }

            writer.WriteEndObject();
        }

        if (output)
        {
            writer.WriteStartObject("output_tokens");
            WriteOptional(writer, "mean", config.OutputTokensMean);
            if (config.OutputTokensStddev != 0)
            {
                InvariantFormat.WriteFloat(writer, "stddev", config.OutputTokensStddev);
            }

            writer.WriteEndObject();
        }

        if (prefix)
        {
            writer.WriteStartObject("prefix_prompt");
            writer.WriteNumber("pool_size", config.NumPrefixPrompts);
            writer.WriteNumber("length", config.PrefixPromptLength);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void WriteLoadgen(Utf8JsonWriter writer, ProfileConfig config)
    {
        writer.WriteStartObject("loadgen");
        if (config.BenchmarkDurationSeconds is { } duration)
        {
            InvariantFormat.WriteFloat(writer, "benchmark_duration", duration);
        }

        if (config.GracePeriodSet)
        {
            InvariantFormat.WriteFloat(writer, "benchmark_grace_period", config.BenchmarkGracePeriodSeconds);
        }

        var mode = config.ResolveLoadMode();
        if (config.Concurrency is not null || mode == LoadMode.Concurrency)
        {
            writer.WriteNumber("concurrency", config.EffectiveConcurrency);
        }

        if (config.RequestRate is { } rate)
        {
            InvariantFormat.WriteFloat(writer, "request_rate", rate);
        }

        // aiperf's modes are constant, poisson and concurrency_burst; a fixed schedule is a timing mode, not a rate mode,
        // and the default (poisson) appears only when chosen, which a resolved config cannot tell from the default.
        if (mode == LoadMode.Concurrency)
        {
            writer.WriteString("request_rate_mode", "concurrency_burst");
        }
        else if (config.RequestRateMode == RequestRateMode.Constant)
        {
            writer.WriteString("request_rate_mode", "constant");
        }

        if (config.RequestCountSet)
        {
            writer.WriteNumber("request_count", config.RequestCount);
        }

        if (config.WarmupRequestCount > 0)
        {
            writer.WriteNumber("warmup_request_count", config.WarmupRequestCount);
        }

        if (config.RequestCancellationRate > 0)
        {
            InvariantFormat.WriteFloat(writer, "request_cancellation_rate", config.RequestCancellationRate);
        }

        if (config.RequestCancellationDelaySeconds > 0)
        {
            InvariantFormat.WriteFloat(writer, "request_cancellation_delay", config.RequestCancellationDelaySeconds);
        }

        writer.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, long? value)
    {
        if (value is { } v)
        {
            writer.WriteNumber(name, v);
        }
    }
}
