using System.CommandLine;
using FakeAI.Bench;
using FakeAI.Bench.Datasets;
using FakeAI.Bench.Export;
using FakeAI.Cli.Embedded;
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

        command.Subcommands.Add(ProfileMergeCommand.Create(console));

        command.SetAction((parse, cancellationToken) => parse.GetValue(options.Robustness.FromRecords) is { } directory
            ? RebuildAsync(directory, parse.GetValue(options.ProfileExportFile), console, cancellationToken)
            : RunAsync(ProfileConfigParser.Parse(parse, options), console, cancellationToken));
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
        string? journalDirectory = null;
        var crash = Failures.CrashContext.Current;
        if (crash is not null && invocation.ArtifactDirectory is { } given)
        {
            crash.ArtifactDirectory = given;
        }

        try
        {
            if (invocation.EmbeddedServer is { } serverOptions)
            {
                try
                {
                    server = await FakeAIServer.StartAsync(serverOptions, log.Factory, timeProvider: null, cancellationToken);
                }
                catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested)
                {
                    throw new CliException(ExitCodes.Cancelled, "cancelled while starting the embedded server; nothing was written", e);
                }
                config = config with { Url = server.Url.ToString().TrimEnd('/') };
                renderer.StartingEmbeddedServer(server.Url, EmbeddedServerSettings.Describe(serverOptions));
                ProfileLogMessages.EmbeddedServer(logger, server.Url);
            }

            if (invocation.ClientWarmup)
            {
                try
                {
                    renderer.WarmedUp(await ClientWarmup.RunAsync(config, cancellationToken), embedded: server is not null);
                }
                catch (DatasetException e)
                {
                    // The warm-up reads the run's dataset first: a bad one is the same usage error the run would give.
                    throw new UsageException(e.Message, e);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    throw new CliException(ExitCodes.Cancelled, "cancelled while warming up; nothing was written");
                }
            }

            var (mode, target) = (config.ResolveLoadMode(), config.RequestUri());
            ProfileLogMessages.Plan(logger, mode, target);

            ProfileResult result;
            try
            {
                // Records go to the final JSONL as they complete, so a killed run leaves them (and --from-records rebuilds the rest).
                string RecordsPath(ProfileConfig asRun)
                {
                    journalDirectory = invocation.ArtifactDirectory ?? ProfileExporter.DefaultDirectory(asRun);
                    var path = Path.Combine(journalDirectory, invocation.ProfileExportFile ?? ProfileExporter.DefaultRecordsFileName);
                    if (crash is not null)
                    {
                        // An unexpected failure from here on logs into this run's logs/ and names the records kept so far.
                        crash.ArtifactDirectory = journalDirectory;
                        crash.RecordsFile = path;
                    }

                    return path;
                }

                result = await renderer.WithProgressAsync(invocation.Ui, progress => ProfileRunner.RunAsync(config, progress, RecordsPath, TimeProvider.System, cancellationToken));
            }
            catch (DatasetException e)
            {
                throw new UsageException(e.Message, e);
            }
            catch (ServerUnreachableException e)
            {
                ProfileLogMessages.Failed(logger, e.Message);
                throw new CliException(ExitCodes.Unreachable, e.Message, e);
            }
            catch (ShardStartMissedException e)
            {
                ProfileLogMessages.Failed(logger, e.Message);
                throw new CliException(ExitCodes.ShardStartMissed, e.Message, e);
            }
            catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested)
            {
                throw new CliException(ExitCodes.Cancelled, "cancelled before any request was sent; nothing was written", e);
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

            return ExitCode(result, invocation.MaxErrorRatePercent);
        }
        catch (Exception e) when (e is not CliException and not OperationCanceledException && journalDirectory is not null && directory is null)
        {
            // An unexpected failure after records were journalled: the run's log goes next to them (below); the caller
            // reports the exception. Nothing written so far is removed.
            directory = journalDirectory;
            throw;
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

    /// <summary><c>--from-records DIR</c>: recomputes the summary exports from a run's JSONL; nothing is sent.</summary>
    internal static async Task<int> RebuildAsync(string directory, string? recordsFile, IAnsiConsole console, CancellationToken cancellationToken)
    {
        RebuiltRun rebuilt;
        try
        {
            rebuilt = await RecordsRebuilder.RebuildAsync(directory, Path.Combine(directory, recordsFile ?? ProfileExporter.DefaultRecordsFileName), cancellationToken);
        }
        catch (Exception e) when (e is FileNotFoundException or InvalidDataException)
        {
            throw new UsageException(e.Message, e);
        }

        new ProfileRenderer(console).Rebuilt(rebuilt);
        return ExitCodes.Success;
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

    /// <summary>The run's outcome; a failure is thrown so its reason goes to the error console after the summary.</summary>
    private static int ExitCode(ProfileResult result, double? maxErrorRate)
    {
        if (result.WasCancelled)
        {
            return ExitCodes.Cancelled;
        }

        if (result.ServerLostReason is { } lost)
        {
            throw new CliException(ExitCodes.Failure, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{lost}; stopped after {result.Records.Count} requests ({result.SuccessCount} succeeded)"));
        }

        if (result.SuccessCount == 0)
        {
            throw new CliException(ExitCodes.Failure, "no request succeeded");
        }

        if (maxErrorRate is { } limit && result.ErrorRatePercent > limit)
        {
            throw new CliException(ExitCodes.Failure, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"error rate {result.ErrorRatePercent:F2}% is above --max-error-rate {limit}%"));
        }

        // Without an explicit limit, a run in which most requests failed (leaving out deliberate cancellations) is a failure.
        if (maxErrorRate is null && result.UnplannedErrorCount > result.SuccessCount)
        {
            throw new CliException(ExitCodes.Failure, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"more requests failed ({result.UnplannedErrorCount}) than succeeded ({result.SuccessCount}); --max-error-rate sets another limit"));
        }

        return ExitCodes.Success;
    }
}
