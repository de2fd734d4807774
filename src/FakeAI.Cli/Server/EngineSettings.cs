using FakeAI.Server;
using FakeAI.Server.Engine.Calibration;

namespace FakeAI.Cli.Server;

/// <summary>The engine's environment variables, and the mode name parsing that flags, environment and config share.</summary>
internal static class EngineSettings
{
    /// <summary>Applies <c>FAKEAI_ENGINE</c>, <c>FAKEAI_MAX_NUM_SEQS</c>, <c>FAKEAI_MAX_NUM_BATCHED_TOKENS</c>, <c>FAKEAI_ENGINE_REFERENCE_PROMPT</c>.</summary>
    public static void ApplyEnvironment(FakeAIServerOptions options, Func<string, string?> get, List<string> errors)
    {
        SetMode(get("FAKEAI_ENGINE"), "FAKEAI_ENGINE", options, errors);
        IntegerSetting.Apply(get("FAKEAI_MAX_NUM_SEQS"), "FAKEAI_MAX_NUM_SEQS", v => options.MaxNumSeqs = v, errors);
        IntegerSetting.Apply(get("FAKEAI_MAX_NUM_BATCHED_TOKENS"), "FAKEAI_MAX_NUM_BATCHED_TOKENS", v => options.MaxNumBatchedTokens = v, errors);
        IntegerSetting.Apply(get("FAKEAI_ENGINE_REFERENCE_PROMPT"), "FAKEAI_ENGINE_REFERENCE_PROMPT", v => options.EngineReferencePromptTokens = v, errors);
    }

    /// <summary>
    /// Reads an engine profile (<c>fakeai calibrate</c>'s <c>engine.json</c>) and runs the batching engine as its twin; a
    /// missing, malformed or invalid file is reported against <paramref name="where"/> with every problem it has.
    /// </summary>
    public static void ApplyProfile(string? path, string where, string workingDirectory, FakeAIServerOptions options, ServerOptionsBuilder.FileReader readFile, List<string> errors)
    {
        if (path is null)
        {
            return;
        }

        var fullPath = Path.Combine(workingDirectory, path);
        var json = readFile(fullPath);
        if (json is null)
        {
            errors.Add($"{where}: engine profile '{fullPath}' does not exist");
            return;
        }

        var (profile, problems) = EngineProfile.Parse(json, $"{where} {path}");
        if (profile is null)
        {
            errors.AddRange(problems);
            return;
        }

        options.UseEngineProfile(profile, path);
    }

    /// <summary>Sets the engine mode from <c>delay</c> or <c>batching</c>; anything else is reported against <paramref name="where"/>.</summary>
    public static void SetMode(string? name, string where, FakeAIServerOptions options, List<string> errors)
    {
        if (name is null)
        {
            return;
        }

        if (EngineModeNames.TryParse(name, out var mode))
        {
            options.Engine = mode;
        }
        else
        {
            errors.Add($"{where}: '{name}' is not one of {string.Join(", ", EngineModeNames.All)}");
        }
    }
}
