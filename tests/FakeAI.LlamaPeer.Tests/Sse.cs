using System.Text;
using System.Text.Json;

namespace FakeAI.LlamaPeer.Tests;

/// <summary>Posts a JSON body and splits a streamed response into its SSE data payloads.</summary>
internal static class Sse
{
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string json) =>
        await client.PostAsync(new Uri(path, UriKind.Relative), new StringContent(json, Encoding.UTF8, "application/json"));

    public static async Task<IReadOnlyList<string>> StreamAsync(HttpClient client, string path, string json)
    {
        using var response = await PostAsync(client, path, json);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        return [.. body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(e => e.StartsWith("data: ", StringComparison.Ordinal) ? e["data: ".Length..] : throw new InvalidDataException(e))];
    }

    /// <summary>The content of each chunk that carries some (chat's delta.content or completion's text).</summary>
    public static IReadOnlyList<string> Contents(IReadOnlyList<string> events) =>
        [.. events.Where(e => e != "[DONE]").Select(e => JsonDocument.Parse(e).RootElement.GetProperty("choices"))
            .Where(c => c.GetArrayLength() > 0)
            .Select(c => c[0].TryGetProperty("delta", out var delta) ? delta.TryGetProperty("content", out var content) ? content.GetString() : null : c[0].GetProperty("text").GetString())
            .Where(t => !string.IsNullOrEmpty(t))
            .Select(t => t!)];

    public static JsonElement Usage(IReadOnlyList<string> events) => JsonDocument.Parse(events[^2]).RootElement.GetProperty("usage");
}
