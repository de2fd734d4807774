using System.Globalization;

namespace FakeAI.Fuzz;

/// <summary>The command line of the fuzz run; every error is reported at once.</summary>
internal sealed record FuzzOptions
{
    public double Seconds { get; init; } = 300;

    public int Seed { get; init; } = 1;

    public int Workers { get; init; } = 4;

    /// <summary>A running server; without it the tool starts <see cref="FakeAIDll"/>.</summary>
    public Uri? Url { get; init; }

    public string FakeAIDll { get; init; } = "src/FakeAI.Cli/bin/Release/net10.0/fakeai.dll";

    /// <summary>Arguments after <c>server --port 0</c> for the server the tool starts.</summary>
    public string ServerArgs { get; init; } = "--ttft 0 --itl 0";

    public string Output { get; init; } = "fuzz-results";

    public double CheckEverySeconds { get; init; } = 10;

    /// <summary>Only cases of this kind (valid, json, http, frame): to find which kind causes a finding.</summary>
    public string? Only { get; init; }

    /// <summary>With <see cref="Replay"/>: shut the sending side after the bytes, as the run did for broken frames.</summary>
    public bool HalfClose { get; init; }

    /// <summary>Replay one saved request instead of fuzzing.</summary>
    public string? Replay { get; init; }

    public static FuzzOptions Parse(string[] args, List<string> errors)
    {
        var o = new FuzzOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string Value()
            {
                if (i + 1 < args.Length)
                {
                    return args[++i];
                }

                errors.Add($"{name} needs a value");
                return "0";
            }

            double Number() => double.TryParse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : Invalid<double>(name, 1);
            int Whole() => int.TryParse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : Invalid<int>(name, 1);
            T Invalid<T>(string option, T fallback)
            {
                errors.Add($"{option} expects a positive number, got '{args[i]}'");
                return fallback;
            }

            o = name switch
            {
                "--seconds" => o with { Seconds = Number() },
                "--seed" => o with { Seed = Whole() },
                "--workers" => o with { Workers = Math.Max(1, Whole()) },
                "--url" => o with { Url = Uri.TryCreate(Value(), UriKind.Absolute, out var u) ? u : Invalid<Uri?>(name, null) },
                "--fakeai" => o with { FakeAIDll = Value() },
                "--server-args" => o with { ServerArgs = Value() },
                "--output" => o with { Output = Value() },
                "--check-every" => o with { CheckEverySeconds = Number() },
                "--replay" => o with { Replay = Value() },
                "--half-close" => o with { HalfClose = true },
                "--only" => o with { Only = Value() },
                _ => Unknown(o, name),
            };
        }

        if (o.Only is not null && !FuzzCase.Kinds.Contains(o.Only))
        {
            errors.Add($"--only '{o.Only}' must be one of {string.Join(", ", FuzzCase.Kinds)}");
        }

        if (o.Replay is not null && o.Url is null)
        {
            errors.Add("--replay needs --url");
        }

        return o;

        FuzzOptions Unknown(FuzzOptions current, string name)
        {
            errors.Add($"unknown option '{name}'");
            return current;
        }
    }

    public const string Usage = """
        usage: FakeAI.Fuzz [--seconds 300] [--seed 1] [--workers 4] [--output fuzz-results] [--check-every 10] [--only valid|json|http|frame]
                           [--url http://127.0.0.1:PORT | --fakeai PATH/fakeai.dll --server-args "--ttft 0 --itl 0"]
               FakeAI.Fuzz --replay fuzz-results/findings/NAME.http [--half-close] --url http://127.0.0.1:PORT
        """;
}
