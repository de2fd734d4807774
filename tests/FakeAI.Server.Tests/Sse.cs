using System.Text.Json;

namespace FakeAI.Server.Tests;

/// <summary>Test-side reading of an OpenAI SSE body (the production parser lives in the client project).</summary>
internal static class Sse
{
    public static IReadOnlyList<string> Events(string body)
    {
        Assert.EndsWith("\n\n", body, StringComparison.Ordinal);
        return body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(e =>
            {
                Assert.StartsWith("data: ", e, StringComparison.Ordinal);
                return e["data: ".Length..];
            })
            .ToArray();
    }

    public static IReadOnlyList<JsonElement> Chunks(string body)
    {
        var events = Events(body);
        Assert.Equal("[DONE]", events[^1]);
        return events.Take(events.Count - 1).Select(e => JsonDocument.Parse(e).RootElement.Clone()).ToArray();
    }
}
