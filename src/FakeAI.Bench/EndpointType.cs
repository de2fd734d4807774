namespace FakeAI.Bench;

/// <summary>aiperf's endpoint types that this client speaks (its default paths are in <see cref="EndpointTypes"/>).</summary>
public enum EndpointType
{
    Chat,
    Completions,
    Embeddings,
    Rankings,

    /// <summary>Anthropic's Messages API (aiperf's <c>messages</c> endpoint).</summary>
    Messages,

    /// <summary>OpenAI's Responses API (aiperf's <c>responses</c> endpoint).</summary>
    Responses,
}
