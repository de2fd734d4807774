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
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>Token metrics (OSL, ITL, throughput) only apply to endpoints that generate text.</summary>
    public static bool ProducesTokens(EndpointType type) => type is EndpointType.Chat or EndpointType.Completions;

    public static bool SupportsStreaming(EndpointType type) => type is EndpointType.Chat or EndpointType.Completions;
}
