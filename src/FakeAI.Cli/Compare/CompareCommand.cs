using System.CommandLine;
using System.Globalization;
using FakeAI.Reports.Comparison;
using FakeAI.Reports.Documents;
using Spectre.Console;

namespace FakeAI.Cli.Compare;

/// <summary>
/// <c>fakeai compare A B [C…]</c>: key metrics of profile exports, suite summaries or bench results side by side, with
/// deltas against A and regression flags; exit 1 on a regression with <c>--fail-on-regression</c> (for CI).
/// </summary>
internal static class CompareCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var files = new Argument<string[]>("files")
        {
            Description = "Result files: profile_export_aiperf.json, benchmark_summary.json or <name>_results.json, in any mix. The first is the baseline.",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string?>("--output", "-o")
        {
            Description = "Also write the comparison as Markdown to this file.",
        };
        var threshold = new Option<double>("--threshold")
        {
            Description = "Percent change in the wrong direction that counts as a regression.",
            DefaultValueFactory = _ => ResultComparer.DefaultThresholdPercent,
        };
        var failOnRegression = new Option<bool>("--fail-on-regression")
        {
            Description = "Exit with code 1 when any metric regressed beyond the threshold.",
        };

        var command = new Command("compare", "Compare benchmark results against the first file and flag regressions.")
        {
            files,
            output,
            threshold,
            failOnRegression,
        };
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            console,
            parseResult.GetValue(files) ?? [],
            parseResult.GetValue(output),
            parseResult.GetValue(threshold),
            parseResult.GetValue(failOnRegression),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(
        IAnsiConsole console,
        string[] paths,
        string? outputPath,
        double thresholdPercent,
        bool failOnRegression,
        CancellationToken cancellationToken)
    {
        if (paths.Length < 2)
        {
            throw new UsageException("compare needs at least two result files.");
        }

        if (!double.IsFinite(thresholdPercent) || thresholdPercent < 0)
        {
            throw new UsageException("--threshold must be a non-negative percentage.");
        }

        var sets = new List<ResultSet>(paths.Length);
        foreach (var path in paths)
        {
            try
            {
                sets.Add(await ResultFileReader.ReadAsync(path, cancellationToken));
            }
            catch (ResultFileException e)
            {
                throw new UsageException(e.Message, e);
            }
        }

        var report = ResultComparer.Compare(sets, thresholdPercent);
        var markdown = MarkdownReportWriter.Render(report.ToDocument());
        // Written unwrapped: Spectre would re-flow the table rows at the terminal width and break the Markdown.
        await console.Profile.Out.Writer.WriteAsync(markdown.AsMemory(), cancellationToken);

        if (outputPath is not null)
        {
            try
            {
                var directory = Path.GetDirectoryName(Path.GetFullPath(outputPath));
                if (directory is not null)
                {
                    Directory.CreateDirectory(directory);
                }

                await File.WriteAllTextAsync(outputPath, markdown, cancellationToken);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"cannot write {outputPath}: {e.Message}", e);
            }

            console.MarkupLine($"Comparison written to [bold]{Markup.Escape(outputPath)}[/]");
        }

        var regressions = report.Regressions.Count();
        if (regressions == 0)
        {
            console.MarkupLine("[green]No regression beyond the threshold.[/]");
            return ExitCodes.Success;
        }

        console.MarkupLine(string.Create(
            CultureInfo.InvariantCulture,
            $"[red]{regressions} regression{(regressions == 1 ? string.Empty : "s")} beyond {thresholdPercent:0.##} %.[/]"));
        return failOnRegression ? ExitCodes.Failure : ExitCodes.Success;
    }
}
