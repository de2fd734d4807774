namespace FakeAI.Bench;

/// <summary>Wire names, default paths and capabilities of each <see cref="EndpointType"/>.</summary>
public static class EndpointTypes
{
    public static string NameOf(EndpointType type) => type switch
    {
        EndpointType.Chat => "chat",
        EndpointType.Completions => "completions",
        EndpointType.Embeddings => "embeddings",
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
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>Token metrics (OSL, ITL, throughput) only apply to endpoints that generate text.</summary>
    public static bool ProducesTokens(EndpointType type) => type != EndpointType.Embeddings;

    public static bool SupportsStreaming(EndpointType type) => type != EndpointType.Embeddings;
}
