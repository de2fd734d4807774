using System.CommandLine;
using FakeAI.Bench;
using FakeAI.Bench.Datasets;
using FakeAI.Bench.Export;
using FakeAI.Reports.Charts;
using FakeAI.Server;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace FakeAI.Cli.Profile;

/// <summary><c>fakeai profile</c>: an aiperf-compatible benchmark of an OpenAI-compatible server (or of an embedded
/// FakeAI server when no <c>--url</c> is given).</summary>
internal static class ProfileCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var options = new ProfileOptions();
        var command = new Command("profile", "Benchmark an OpenAI-compatible endpoint with aiperf's options, metrics and export files.");
        foreach (var option in options.All)
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellationToken) => RunAsync(ProfileConfigParser.Parse(parse, options), console, cancellationToken));
        return command;
    }

    internal static async Task<int> RunAsync(ProfileInvocation invocation, IAnsiConsole console, CancellationToken cancellationToken)
    {
        if (invocation.Errors.Count > 0)
        {
            throw new UsageException(string.Join("; ", invocation.Errors));
        }

        var renderer = new ProfileRenderer(console);
        var config = invocation.Config;
        using var log = new ProfileLog(invocation.LogLevel, TimeProvider.System);
        var logger = log.Factory.CreateLogger("aiperf");
        ProfileLogMessages.Starting(logger, config.CliCommand ?? "fakeai profile");
        foreach (var note in invocation.Notes)
        {
            renderer.Note(note);
            ProfileLogMessages.NotApplicable(logger, note);
        }

        renderer.Warnings(ProfileWarnings.ForConfig(config));
        FakeAIServer? server = null;
        string? directory = null;
        try
        {
            if (invocation.EmbeddedServer is { } serverOptions)
            {
                try
                {
                    server = await FakeAIServer.StartAsync(serverOptions, log.Factory, timeProvider: null, cancellationToken);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    renderer.Failure("cancelled while starting the embedded server; nothing was written");
                    return ExitCodes.Cancelled;
                }
                config = config with { Url = server.Url.ToString().TrimEnd('/') };
                renderer.StartingEmbeddedServer(server.Url);
                ProfileLogMessages.EmbeddedServer(logger, server.Url);
            }

            var (mode, target) = (config.ResolveLoadMode(), config.RequestUri());
            ProfileLogMessages.Plan(logger, mode, target);

            ProfileResult result;
            try
            {
                result = await renderer.WithProgressAsync(invocation.Ui, progress => ProfileRunner.RunAsync(config, progress, cancellationToken));
            }
            catch (DatasetException e)
            {
                throw new UsageException(e.Message, e);
            }
            catch (ServerUnreachableException e)
            {
                renderer.Failure(e.Message);
                ProfileLogMessages.Failed(logger, e.Message);
                return ExitCodes.Failure;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                renderer.Failure("cancelled before any request was sent; nothing was written");
                return ExitCodes.Cancelled;
            }

            directory = invocation.ArtifactDirectory ?? ProfileExporter.DefaultDirectory(result.Config);
            LogRecords(logger, result);
            // Files are written even when the run was cancelled: what was measured is kept, marked was_cancelled.
            var artifacts = await ProfileExporter.WriteAllAsync(result, directory, invocation.ProfileExportFile ?? ProfileExporter.DefaultRecordsFileName, CancellationToken.None);
            ProfileLogMessages.Wrote(logger, artifacts.Directory);
            renderer.Summary(result, artifacts);
            renderer.Warnings(ProfileWarnings.ForResult(result));
            if (invocation.Plots)
            {
                renderer.Charts(ProfileCharts.Write(result, directory));
            }

            return ExitCode(result, invocation.MaxErrorRatePercent, renderer);
        }
        finally
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }

            // Like the exports, the log is written for a failed or cancelled run too, once anything was measured.
            if (directory is not null)
            {
                await log.WriteAsync(directory, CancellationToken.None);
            }
        }
    }

    private static void LogRecords(ILogger logger, ProfileResult result)
    {
        foreach (var record in result.Records)
        {
            if (record.Error is { } error)
            {
                ProfileLogMessages.RequestFailed(logger, record.RequestId, record.Model, record.TurnIndex, record.ConversationId, error.Code, error.Type, error.Message);
            }
            else
            {
                ProfileLogMessages.RequestSucceeded(logger, record.RequestId, record.Model, record.TurnIndex, record.ConversationId, record.ResponseCount, record.InputTokens);
            }
        }

        ProfileLogMessages.Finished(logger, result.SuccessCount, result.Records.Count - result.SuccessCount, result.WasCancelled);
    }

    private static int ExitCode(ProfileResult result, double? maxErrorRate, ProfileRenderer renderer)
    {
        if (result.WasCancelled)
        {
            return ExitCodes.Cancelled;
        }

        if (result.ServerLostReason is { } lost)
        {
            renderer.Failure(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{lost}; stopped after {result.Records.Count} requests ({result.SuccessCount} succeeded)"));
            return ExitCodes.Failure;
        }

        if (result.SuccessCount == 0)
        {
            renderer.Failure("no request succeeded");
            return ExitCodes.Failure;
        }

        if (maxErrorRate is { } limit && result.ErrorRatePercent > limit)
        {
            renderer.Failure(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"error rate {result.ErrorRatePercent:F2}% is above --max-error-rate {limit}%"));
            return ExitCodes.Failure;
        }

        // Without an explicit limit, a run in which most requests failed (leaving out deliberate cancellations) is a failure.
        if (maxErrorRate is null && result.UnplannedErrorCount > result.SuccessCount)
        {
            renderer.Failure(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"more requests failed ({result.UnplannedErrorCount}) than succeeded ({result.SuccessCount}); --max-error-rate sets another limit"));
            return ExitCodes.Failure;
        }

        return ExitCodes.Success;
    }
}
