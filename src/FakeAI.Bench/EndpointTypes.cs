namespace FakeAI.Bench;

/// <summary>Wire names, default paths and capabilities of each <see cref="EndpointType"/>.</summary>
public static class EndpointTypes
{
    public static string NameOf(EndpointType type) => type switch
    {
        EndpointType.Chat => "chat",
        EndpointType.Completions => "completions",
        EndpointType.Embeddings => "embeddings",
        EndpointType.Rankings => "rankings",
        EndpointType.Messages => "messages",
        EndpointType.Responses => "responses",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    public static bool TryParse(string? text, out EndpointType type)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "chat":
                type = EndpointType.Chat;
                return true;
            case "completions":
                type = EndpointType.Completions;
                return true;
            case "embeddings":
                type = EndpointType.Embeddings;
                return true;
            case "rankings":
                type = EndpointType.Rankings;
                return true;
            case "messages":
                type = EndpointType.Messages;
                return true;
            case "responses":
                type = EndpointType.Responses;
                return true;
            default:
                type = default;
                return false;
        }
    }

    public static string DefaultPath(EndpointType type) => type switch
    {
        EndpointType.Chat => "/v1/chat/completions",
        EndpointType.Completions => "/v1/completions",
        EndpointType.Embeddings => "/v1/embeddings",

        // NVIDIA NIM's reranking path, aiperf's default for rankings.
        EndpointType.Rankings => "/v1/ranking",
        EndpointType.Messages => "/v1/messages",
        EndpointType.Responses => "/v1/responses",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>Token metrics (OSL, ITL, throughput) only apply to endpoints that generate text.</summary>
    public static bool ProducesTokens(EndpointType type) => type is EndpointType.Chat or EndpointType.Completions or EndpointType.Messages or EndpointType.Responses;

    public static bool SupportsStreaming(EndpointType type) => type is EndpointType.Chat or EndpointType.Completions or EndpointType.Messages or EndpointType.Responses;

    /// <summary>The <c>max_tokens</c> sent to the Messages API when no output length is asked for: the API rejects a
    /// request without it, and 16384 is aiperf's <c>MessagesEndpoint.DEFAULT_MAX_TOKENS</c>.</summary>
    public const int MessagesDefaultMaxTokens = 16384;

    /// <summary>The <c>anthropic-version</c> header sent with every Messages request (the API's current version).</summary>
    public const string AnthropicVersion = "2023-06-01";
}
