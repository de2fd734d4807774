using System.CommandLine;
using System.Globalization;
using System.Text;
using FakeAI.Bench.Export;
using FakeAI.Cli.Embedded;
using FakeAI.Cli.Server;
using FakeAI.Server.Engine.Calibration;
using Spectre.Console;

namespace FakeAI.Cli.Calibrate;

/// <summary>
/// <c>fakeai calibrate</c>: measures a real server with the profile client over a sweep of concurrency levels and prompt
/// lengths, fits the simulated engine's step-time model and batch limit to it, and writes <c>engine.json</c> for
/// <c>fakeai server --engine-profile</c>. A fit that misses a cell by more than <c>--max-error</c>, or does not converge,
/// is shown with its residuals and not written (exit 1). With <c>--verify engine.json</c> it fits nothing: it runs the same
/// sweep against the real server and the profile's twin and compares them (<see cref="TwinVerifier"/>).
/// </summary>
internal static class CalibrateCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var url = new Option<string>("--url", "-u") { Description = "The real server to fit (OpenAI-compatible, streaming chat).", Required = true };
        var model = new Option<string>("--model", "-m") { Description = "Model name to request.", Required = true };
        var apiKey = new Option<string?>("--api-key") { Description = "Bearer token sent with every request." };
        var concurrency = new Option<string[]>("--concurrency")
        {
            Description = "Closed-loop client counts, space- or comma-separated; go past the server's batch limit to show its knee.",
            AllowMultipleArgumentsPerToken = true,
            DefaultValueFactory = _ => ["1,2,4,8,16"],
        };
        var isl = new Option<string[]>("--isl")
        {
            Description = "Prompt lengths in tokens, space- or comma-separated: a short and a long one separate prefill from decode.",
            AllowMultipleArgumentsPerToken = true,
            DefaultValueFactory = _ => ["64,512"],
        };
        var osl = new Option<int>("--osl") { Description = "Output tokens per request (sent with ignore_eos and min_tokens).", DefaultValueFactory = _ => 32 };
        var perClient = new Option<int>("--requests-per-client") { Description = "Requests per client at each level (at least 16 per level).", DefaultValueFactory = _ => 4 };
        var budget = new Option<int>("--max-num-batched-tokens") { Description = "The server's token budget per step, taken as given (vLLM's setting).", DefaultValueFactory = _ => 8_192 };
        var maxError = new Option<double>("--max-error") { Description = "Largest relative error of any cell for the fit to be written, or with --verify for the twin to pass.", DefaultValueFactory = _ => 0.15 };
        var seed = new Option<int>("--random-seed") { Description = "Seed of the synthetic prompts.", DefaultValueFactory = _ => 42 };
        var output = new Option<string>("--output", "-o") { Description = "Where to write the fitted engine profile.", DefaultValueFactory = _ => "engine.json" };
        var verify = new Option<string?>("--verify") { Description = "Fit nothing: run the sweep against the real server and against this engine profile's twin, and compare them cell by cell." };
        var artifactDir = new Option<string>("--artifact-dir", "--output-dir")
        {
            Description = "With --verify: folder for the comparison; each run writes its own verify-<UTC time> folder there (table as Markdown and JSON, charts), and verify-latest points at the last one.",
            DefaultValueFactory = _ => "artifacts",
        };

        var command = new Command("calibrate", "Fit the simulated engine to a real server and write engine.json, its digital twin; with --verify, compare a twin with its server.")
        {
            url, model, apiKey, concurrency, isl, osl, perClient, budget, maxError, seed, output, verify, artifactDir,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var urlText = parseResult.GetValue(url)!;
            if (!FakeAI.Bench.ProfileConfig.TryParseUrl(urlText, out var target))
            {
                throw new UsageException($"--url '{urlText}' is not a valid http(s) URL");
            }

            var errors = new List<string>();
            var settings = new CalibrationSettings
            {
                Url = target,
                Model = parseResult.GetValue(model)!,
                ApiKey = parseResult.GetValue(apiKey),
                Concurrency = Integers(parseResult.GetValue(concurrency), "--concurrency", errors),
                PromptTokens = Integers(parseResult.GetValue(isl), "--isl", errors),
                OutputTokens = parseResult.GetValue(osl),
                RequestsPerClient = parseResult.GetValue(perClient),
                MaxNumBatchedTokens = parseResult.GetValue(budget),
                MaxError = parseResult.GetValue(maxError),
                Seed = parseResult.GetValue(seed),
            };
            errors.AddRange(settings.Validate());
            var profile = parseResult.GetValue(verify);
            Option[] fitOnly = [output, budget];
            Option[] verifyOnly = [artifactDir];
            foreach (var option in profile is null ? verifyOnly : fitOnly)
            {
                if (parseResult.GetResult(option) is { Implicit: false })
                {
                    errors.Add(profile is null ? $"{option.Name}: applies to --verify only" : $"{option.Name}: applies to fitting, not to --verify (the profile holds the engine)");
                }
            }

            if (errors.Count > 0)
            {
                throw new UsageException(string.Join("; ", errors));
            }

            if (profile is not null)
            {
                return await TwinVerifier.RunAsync(settings, profile, Path.GetFullPath(parseResult.GetValue(artifactDir)!), console, cancellationToken);
            }

            var outputPath = Path.GetFullPath(parseResult.GetValue(output)!);
            OutputDirectory.EnsureWritable(Path.GetDirectoryName(outputPath)!, "--output");
            await using (await BenchmarkTarget.ConnectAsync(urlText, settings.ApiKey, new KvCacheArguments(), console, cancellationToken))
            {
                // Reachable: the target answered; nothing else is needed from it here.
            }

            var points = settings.Points().ToArray();
            console.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"Calibrating against [bold]{Markup.Escape(target.ToString())}[/]: {points.Length} levels ({points.Sum(p => p.Requests)} requests) of {settings.OutputTokens}-token answers"));
            var measured = await CalibrationSweep.MeasureAsync(settings, line => console.WriteLine(line), cancellationToken);

            console.WriteLine("Fitting the engine model…");
            var fit = EngineFitter.Fit(measured, new EngineFitSettings { MaxNumBatchedTokens = settings.MaxNumBatchedTokens });
            console.Write(CalibrationTable.Render(fit));
            var step = fit.Options.StepTime;
            console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"max-num-seqs {fit.Options.MaxNumSeqs}; step time (ms) = {step.BaseMs:0.####} + {step.PerDecodeSeqMs:0.####}·decodes + max({step.PerTokenMs:0.####}·tokens, {step.WeightsMs:0.####} + {step.PerContextTokenMs:0.######}·context); worst cell {fit.WorstError:0.0%}"));
            if (!fit.Converged || fit.WorstError > settings.MaxError)
            {
                throw new CliException(ExitCodes.Failure, string.Create(CultureInfo.InvariantCulture,
                    $"the fit {(fit.Converged ? "converged" : "did not converge")} with a worst cell error of {fit.WorstError:0.0%} (--max-error {settings.MaxError:0.0%}); nothing written"));
            }

            var json = EngineProfile.From(fit, target.ToString(), settings.Model).ToJson();
            await AtomicFile.WriteAsync(outputPath, (stream, token) => stream.WriteAsync(Encoding.UTF8.GetBytes(json), token).AsTask(), cancellationToken);
            console.MarkupLine($"Engine profile: [bold]{Markup.Escape(outputPath)}[/]");
            return ExitCodes.Success;
        });
        return command;
    }

    private static int[] Integers(string[]? values, string option, List<string> errors)
    {
        var parsed = new List<int>();
        foreach (var value in ListValues.Split(values))
        {
            if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
            {
                parsed.Add(number);
            }
            else
            {
                errors.Add($"{option}: '{value}' is not a whole number");
            }
        }

        return [.. parsed];
    }
}
