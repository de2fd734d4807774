using System.Text.Json;

namespace FakeAI.Server.Tests.Responses;

/// <summary>Test-side reading of a Responses API stream: named events (<c>event:</c> + <c>data:</c>) and no <c>[DONE]</c>.</summary>
internal static class ResponsesWire
{
    public static IReadOnlyList<(string Name, JsonElement Data)> Events(string body)
    {
        Assert.EndsWith("\n\n", body, StringComparison.Ordinal);
        return body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(e =>
            {
                var lines = e.Split('\n');
                Assert.Equal(2, lines.Length);
                Assert.StartsWith("event: ", lines[0], StringComparison.Ordinal);
                Assert.StartsWith("data: ", lines[1], StringComparison.Ordinal);
                return (lines[0]["event: ".Length..], JsonDocument.Parse(lines[1]["data: ".Length..]).RootElement.Clone());
            })
            .ToArray();
    }

    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string json) =>
        await client.PostAsync("/v1/responses", TestServers.Json(json));

    public static async Task<JsonElement> ErrorAsync(HttpResponseMessage response, int status)
    {
        Assert.Equal(status, (int)response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = document.RootElement.GetProperty("error").Clone();
        Assert.Equal(JsonValueKind.String, error.GetProperty("message").ValueKind);
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        return error;
    }
}
