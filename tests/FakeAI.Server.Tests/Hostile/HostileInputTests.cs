namespace FakeAI.Server.Tests.Hostile;

/// <summary>
/// Hostile inputs never get a 5xx, and the server keeps serving a normal request after every one of them.
/// </summary>
public sealed class HostileInputTests(HostileServerFixture fixture) : IClassFixture<HostileServerFixture>
{
    public static TheoryData<string> Names() => [.. HostileCases.All().Select(c => c.Name)];

    [Fact]
    public void The_suite_has_at_least_100_cases_with_distinct_names()
    {
        var names = HostileCases.All().Select(c => c.Name).ToList();

        Assert.True(names.Count >= 100, $"{names.Count} cases");
        Assert.Equal(names.Count, names.Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task No_5xx_and_the_server_still_serves(string name)
    {
        var request = HostileCases.All().Single(c => c.Name == name).Request;

        var (status, response) = await RawHttp.SendAsync(fixture.Server.Url, request, halfClose: true);

        // 505 is HTTP's own answer to an unsupported protocol version (Kestrel sends it before any handler runs).
        Assert.False(status >= 500 && !(status == 505 && name.StartsWith("HTTP/9", StringComparison.Ordinal)), $"{name}: {FirstLine(response)}");
        var hasBody = !name.StartsWith("HEAD ", StringComparison.Ordinal);
        if (hasBody && status >= 400 && response.Contains("Content-Type: application/json", StringComparison.OrdinalIgnoreCase))
        {
            // Anthropic's route answers in Anthropic's error shape; everything else, a wrong method on it included (no
            // route matched), in OpenAI's.
            Assert.Contains(IsMessagesRoute(request) ? "\"type\":\"error\",\"error\":{\"type\":" : "\"error\":{\"message\":", response, StringComparison.Ordinal);
        }

        using var normal = await fixture.Client.PostAsync("/v1/chat/completions", TestServers.Json(
            """{"model":"m","messages":[{"role":"user","content":"still there?"}],"max_tokens":2}"""));
        Assert.Equal(System.Net.HttpStatusCode.OK, normal.StatusCode);
    }

    private static bool IsMessagesRoute(byte[] request) =>
        System.Text.Encoding.ASCII.GetString(request, 0, Math.Min(request.Length, 64)).Split(' ') is ["POST", var path, ..] && path.StartsWith("/v1/messages", StringComparison.OrdinalIgnoreCase);

    private static string FirstLine(string response) => response.Length == 0 ? "(connection closed without an answer)" : response.Split('\n')[0];
}
