namespace FakeAI.Server.Http;

/// <summary>
/// Endpoint metadata marking a route that needs an API key. <see cref="ApiKeyMiddleware"/> decides by the endpoint the
/// router matched, so whatever spelling routing accepts (letter case, dot segments) is exactly what gets checked.
/// </summary>
internal sealed class ApiKeyRequired
{
    public static readonly ApiKeyRequired Instance = new();

    private ApiKeyRequired()
    {
    }
}
