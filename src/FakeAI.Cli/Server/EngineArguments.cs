using FakeAI.Server;

namespace FakeAI.Cli.Server;

/// <summary>The engine flags of <c>fakeai server</c> (<c>--engine</c>, <c>--max-num-seqs</c>, …); null means "not given".</summary>
internal sealed record EngineArguments
{
    public string? Engine { get; init; }

    public int? MaxNumSeqs { get; init; }

    public int? MaxNumBatchedTokens { get; init; }

    public int? ReferencePromptTokens { get; init; }

    /// <summary><c>--engine-profile</c>: an <c>engine.json</c> written by <c>fakeai calibrate</c>.</summary>
    public string? ProfilePath { get; init; }

    /// <summary>
    /// Copies the given values onto <paramref name="options"/>; ranges are checked by <see cref="FakeAIServerOptions.Validate"/>.
    /// A profile is applied first, so flags given beside it (e.g. <c>--max-num-seqs</c>) override its values.
    /// </summary>
    public void ApplyTo(FakeAIServerOptions options, string workingDirectory, ServerOptionsBuilder.FileReader readFile, List<string> errors)
    {
        EngineSettings.ApplyProfile(ProfilePath, "--engine-profile", workingDirectory, options, readFile, errors);
        EngineSettings.SetMode(Engine, "--engine", options, errors);
        options.MaxNumSeqs = MaxNumSeqs ?? options.MaxNumSeqs;
        options.MaxNumBatchedTokens = MaxNumBatchedTokens ?? options.MaxNumBatchedTokens;
        options.EngineReferencePromptTokens = ReferencePromptTokens ?? options.EngineReferencePromptTokens;
    }
}
