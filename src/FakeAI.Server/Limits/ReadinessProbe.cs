namespace FakeAI.Server.Limits;

/// <summary>Endpoint metadata marking the readiness probe (<c>GET /health</c>), which <see cref="StartupGateMiddleware"/> answers while starting.</summary>
internal sealed class ReadinessProbe
{
    public static readonly ReadinessProbe Instance = new();

    private ReadinessProbe()
    {
    }
}
