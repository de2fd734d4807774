using Microsoft.AspNetCore.Http;

namespace FakeAI.Server.Http;

/// <summary>
/// When the server took up a request, on the scheduler's clock: the origin of its TTFT. Stamped before anything else
/// runs, so a request that arrives in a burst is timed from its arrival, not from when earlier requests' parsing and
/// tokenizing let its handler run.
/// </summary>
internal sealed class RequestArrival(long timestamp)
{
    public long Timestamp { get; } = timestamp;

    public static long Of(HttpContext context) => context.Features.Get<RequestArrival>()!.Timestamp;
}
