using System.Threading.Channels;
using LLama.Native;

namespace FakeAI.LlamaPeer.Engine;

/// <summary>
/// One generation: its prompt tokens, the exact number of tokens to generate, and the channel the engine writes each
/// generated token's text to (completed after the last one, or with the decode error). <see cref="Cancel"/> frees its slot
/// at the engine's next step.
/// </summary>
internal sealed class PeerRequest
{
    private readonly Channel<string> _output = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private volatile bool _cancelled;

    public PeerRequest(LLamaToken[] prompt, int maxTokens)
    {
        Prompt = prompt;
        MaxTokens = maxTokens;
    }

    public LLamaToken[] Prompt { get; }

    public int MaxTokens { get; }

    public bool IsCancelled => _cancelled;

    public ChannelReader<string> Output => _output.Reader;

    internal ChannelWriter<string> Writer => _output.Writer;

    public void Cancel() => _cancelled = true;
}
