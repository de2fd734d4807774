using Microsoft.AspNetCore.Http;

namespace FakeAI.Server.KvCache;

/// <summary>The response header naming the simulated worker that served a request (for client-side balance metrics).</summary>
internal static class KvWorkerHeader
{
    public const string Name = "x-fakeai-worker";

    public static void Set(HttpContext context, KvAdmission? admission)
    {
        if (admission is not null)
        {
            context.Response.Headers[Name] = admission.WorkerName;
        }
    }
}
