using System.Globalization;

namespace FakeAI.Server.Engine;

/// <summary>
/// Settings of one simulated continuous-batching worker, named after vLLM's engine arguments. <see cref="Validate"/>
/// reports every problem at once, each naming its setting.
/// </summary>
internal sealed class EngineOptions
{
    /// <summary>Reference prompt length at which the default step-time model reproduces the server's default TTFT.</summary>
    public const int DefaultReferencePromptTokens = 1_024;

    /// <summary>Most sequences running (in prefill or decode) at once (<c>--max-num-seqs</c>, vLLM's default 256).</summary>
    public int MaxNumSeqs { get; set; } = 256;

    /// <summary>Most tokens scheduled in one step, decode and prefill together (<c>--max-num-batched-tokens</c>, default 8192).</summary>
    public int MaxNumBatchedTokens { get; set; } = 8_192;

    /// <summary>Tokens per KV block (<c>--kv-block-size</c>, default 16 as vLLM and the KV cache simulation).</summary>
    public int BlockSize { get; set; } = 16;

    /// <summary>KV blocks each worker holds (<c>--kv-capacity-blocks</c>, default 16,384, as the KV cache simulation).</summary>
    public int CapacityBlocks { get; set; } = 16_384;

    /// <summary>
    /// Step duration. Default: the model that reproduces the server's default <c>--ttft 20 --itl 5</c> for a lone
    /// request with a <see cref="DefaultReferencePromptTokens"/>-token prompt.
    /// </summary>
    public StepTimeModel StepTime { get; set; } = StepTimeModel.FromLatencies(20, 5, DefaultReferencePromptTokens, 8_192);

    /// <summary>Every problem with the settings, empty when they are usable.</summary>
    /// <param name="largestContextWindowTokens">
    /// The largest request the server accepts (the biggest model context window), when known: a worker must hold one
    /// such request, or it could never run.
    /// </param>
    public IReadOnlyList<string> Validate(int? largestContextWindowTokens = null)
    {
        var errors = new List<string>();
        if (MaxNumSeqs < 1)
        {
            errors.Add(Invariant($"max-num-seqs: must be at least 1 (got {MaxNumSeqs})"));
        }

        if (MaxNumBatchedTokens < 1)
        {
            errors.Add(Invariant($"max-num-batched-tokens: must be at least 1 (got {MaxNumBatchedTokens})"));
        }
        else if (MaxNumSeqs >= 1 && MaxNumBatchedTokens < MaxNumSeqs)
        {
            // A full batch of decodes needs one token each; a smaller budget would starve the newest sequences forever.
            errors.Add(Invariant(
                $"max-num-batched-tokens: {MaxNumBatchedTokens} is smaller than one decode batch of max-num-seqs ({MaxNumSeqs} tokens); raise it to at least {MaxNumSeqs}"));
        }

        if (BlockSize < 1)
        {
            errors.Add(Invariant($"kv-block-size: must be at least 1 token (got {BlockSize})"));
        }

        if (CapacityBlocks < 1)
        {
            errors.Add(Invariant($"kv-capacity-blocks: must be at least 1 block per worker (got {CapacityBlocks})"));
        }
        else if (BlockSize >= 1 && largestContextWindowTokens is int window && window > 0)
        {
            var needed = BlocksFor(window);
            if (CapacityBlocks < needed)
            {
                errors.Add(Invariant(
                    $"kv-capacity-blocks: {CapacityBlocks} blocks per worker cannot hold one request of the {window}-token context window ({needed} blocks of {BlockSize} tokens); raise the capacity or lower the context window"));
            }
        }

        if (StepTime is null)
        {
            errors.Add("step-time: missing");
        }
        else
        {
            errors.AddRange(StepTime.Validate());
        }

        return errors;
    }

    /// <summary>Blocks holding <paramref name="tokens"/> tokens (the last one partly filled).</summary>
    public int BlocksFor(long tokens) => (int)((tokens + BlockSize - 1) / BlockSize);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
