using System.CommandLine;

namespace FakeAI.Cli.Server;

/// <summary>The engine options of <c>fakeai server</c>, kept together so the command only adds and reads them.</summary>
internal sealed class EngineCliOptions
{
    private readonly Option<string> _engine = new("--engine") { Description = "Token timing: delay (exact TTFT/ITL whatever the load) or batching (a simulated continuous-batching engine per --kv-workers worker; latency grows with load) (default delay; env FAKEAI_ENGINE)." };
    private readonly Option<int?> _maxNumSeqs = new("--max-num-seqs") { Description = "Batching engine: most sequences running at once per worker; later requests wait (default 256; env FAKEAI_MAX_NUM_SEQS)." };
    private readonly Option<int?> _maxNumBatchedTokens = new("--max-num-batched-tokens") { Description = "Batching engine: most tokens per step, decode and prefill chunks together, at least --max-num-seqs (default 8192; env FAKEAI_MAX_NUM_BATCHED_TOKENS)." };
    private readonly Option<int?> _referencePrompt = new("--engine-reference-prompt") { Description = "Batching engine: prompt tokens at which a lone request sees exactly --ttft; longer prompts prefill longer (default 1024; env FAKEAI_ENGINE_REFERENCE_PROMPT)." };

    private readonly Option<string?> _profile = new("--engine-profile") { Description = "Batching engine as a digital twin: limits, KV geometry and step times from an engine.json written by fakeai calibrate; flags given beside it override its values (env FAKEAI_ENGINE_PROFILE)." };

    public void AddTo(Command command)
    {
        foreach (Option option in new Option[] { _engine, _maxNumSeqs, _maxNumBatchedTokens, _referencePrompt, _profile })
        {
            command.Options.Add(option);
        }
    }

    public EngineArguments Read(ParseResult parseResult) => new()
    {
        Engine = parseResult.GetValue(_engine),
        MaxNumSeqs = parseResult.GetValue(_maxNumSeqs),
        MaxNumBatchedTokens = parseResult.GetValue(_maxNumBatchedTokens),
        ReferencePromptTokens = parseResult.GetValue(_referencePrompt),
        ProfilePath = parseResult.GetValue(_profile),
    };
}
