using System.Text.Json;

namespace FakeAI.Server.Engine.Calibration;

/// <summary>
/// <c>engine.json</c>: a fitted engine that <c>fakeai server --engine-profile</c> runs as a digital twin, with the sweep it
/// was fitted to and each cell's residual, so a reader can judge the twin before trusting it.
/// </summary>
internal sealed record EngineProfile
{
    public const string CurrentKind = "fakeai-engine-profile";

    public const int CurrentVersion = 1;

    public string Kind { get; init; } = CurrentKind;

    public int Version { get; init; } = CurrentVersion;

    /// <summary>Where the measurements came from (the real server's URL and model), for the reader.</summary>
    public string? Source { get; init; }

    public string? Model { get; init; }

    public required EngineProfileEngine Engine { get; init; }

    public EngineProfileFit? Fit { get; init; }

    public static EngineProfile From(EngineFit fit, string? source, string? model) => new()
    {
        Source = source,
        Model = model,
        Engine = EngineProfileEngine.From(fit.Options),
        Fit = new EngineProfileFit(fit.Converged, fit.WorstError, [.. fit.Residuals.Select(EngineProfileCell.From)]),
    };

    public string ToJson() => JsonSerializer.Serialize(this, EngineProfileJsonContext.Default.EngineProfile);

    /// <summary>Reads and checks a profile; every problem is reported at once, each naming the file and the setting.</summary>
    public static (EngineOptions? Options, IReadOnlyList<string> Errors) Parse(string json, string name)
    {
        EngineProfile? profile;
        try
        {
            profile = JsonSerializer.Deserialize(json, EngineProfileJsonContext.Default.EngineProfile);
        }
        catch (JsonException e)
        {
            return (null, [$"{name}: not an engine profile ({e.Message})"]);
        }

        if (profile is null)
        {
            return (null, [$"{name}: not an engine profile (null)"]);
        }

        if (profile.Kind != CurrentKind || profile.Version != CurrentVersion)
        {
            return (null, [$"{name}: kind '{profile.Kind}' version {profile.Version} is not '{CurrentKind}' version {CurrentVersion}; fit it again with this fakeai calibrate"]);
        }

        var options = profile.Engine.ToOptions();
        var errors = options.Validate().Select(e => $"{name}: {e}").ToArray();
        return errors.Length > 0 ? (null, errors) : (options, []);
    }
}
