namespace FakeAI.Server.Engine.Calibration;

/// <summary>The engine's limits and step-time coefficients, in vLLM's names where vLLM has one.</summary>
internal sealed record EngineProfileEngine(
    int MaxNumSeqs, int MaxNumBatchedTokens, int KvBlockSize, int KvCapacityBlocks, EngineProfileStepTime StepTimeMs)
{
    public static EngineProfileEngine From(EngineOptions options) => new(
        options.MaxNumSeqs,
        options.MaxNumBatchedTokens,
        options.BlockSize,
        options.CapacityBlocks,
        new EngineProfileStepTime(
            options.StepTime.BaseMs, options.StepTime.PerDecodeSeqMs, options.StepTime.PerTokenMs, options.StepTime.WeightsMs, options.StepTime.PerContextTokenMs));

    public EngineOptions ToOptions() => new()
    {
        MaxNumSeqs = MaxNumSeqs,
        MaxNumBatchedTokens = MaxNumBatchedTokens,
        BlockSize = KvBlockSize,
        CapacityBlocks = KvCapacityBlocks,
        StepTime = new StepTimeModel(StepTimeMs.Base, StepTimeMs.PerDecodeSeq, StepTimeMs.PerToken, StepTimeMs.Weights, StepTimeMs.PerContextToken),
    };
}
