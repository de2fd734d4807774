namespace FakeAI.Server.Faults;

/// <summary>
/// Endpoint metadata marking a route that faults apply to. <see cref="PromptParam"/> is what an injected
/// context_length_exceeded names as its <c>param</c>; <see cref="HasTokenStream"/> says whether the route's response is
/// written token by token (chat, legacy completions, Responses, Messages), so mid-stream faults strike after k tokens
/// there, or in one piece (embeddings, rankings), where the middleware plays them out whole. <see cref="NamedEvents"/>
/// marks a stream of one choice in named events whose end is part of its finish (Responses' <c>response.completed</c>,
/// Messages' <c>message_stop</c>) rather than a <c>[DONE]</c> after it.
/// </summary>
internal sealed class FaultTarget(string promptParam, bool hasTokenStream, bool namedEvents = false)
{
    public static readonly FaultTarget Chat = new("messages", hasTokenStream: true);

    public static readonly FaultTarget Completions = new("prompt", hasTokenStream: true);

    public static readonly FaultTarget Embeddings = new("input", hasTokenStream: false);

    public static readonly FaultTarget Rankings = new("query", hasTokenStream: false);

    public static readonly FaultTarget Responses = new("input", hasTokenStream: true, namedEvents: true);

    public static readonly FaultTarget Messages = new("messages", hasTokenStream: true, namedEvents: true);

    public string PromptParam { get; } = promptParam;

    public bool HasTokenStream { get; } = hasTokenStream;

    public bool NamedEvents { get; } = namedEvents;
}
