using FakeAI.Server.Latency;
using Microsoft.AspNetCore.Http;

namespace FakeAI.Server.Http;

/// <summary>
/// Stamps each request's <see cref="RequestArrival"/>, then leaves the connection's I/O thread: Kestrel runs handlers
/// inline on the thread that read the request, so without the hop a burst of requests on one thread is stamped one
/// handler's work apart and the last of 100 is tens of milliseconds late before its TTFT starts.
/// </summary>
internal sealed class RequestArrivalMiddleware(RequestDelegate next, TokenScheduler scheduler)
{
    public async Task InvokeAsync(HttpContext context)
    {
        context.Features.Set(new RequestArrival(scheduler.Now));
        await Task.Yield();
        await next(context);
    }
}
