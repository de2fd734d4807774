namespace FakeAI.Server.Faults;

/// <summary>
/// Endpoint metadata marking a route that faults apply to (chat and legacy completions). <see cref="PromptParam"/> is
/// what an injected context_length_exceeded names as its <c>param</c>.
/// </summary>
internal sealed class FaultTarget(string promptParam)
{
    public static readonly FaultTarget Chat = new("messages");

    public static readonly FaultTarget Completions = new("prompt");

    public string PromptParam { get; } = promptParam;
}
