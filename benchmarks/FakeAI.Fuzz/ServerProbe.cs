using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace FakeAI.Fuzz;

/// <summary>Normal requests between the fuzz cases: a chat completion that must succeed, and the resident memory from
/// <c>/metrics</c>.</summary>
internal sealed class ServerProbe(Uri server) : IDisposable
{
    private readonly HttpClient _client = new() { BaseAddress = server, Timeout = TimeSpan.FromSeconds(30) };

    public void Dispose() => _client.Dispose();

    /// <summary>Null when a normal chat request got a 200 with a choice; otherwise why not.</summary>
    public async Task<(string? Failure, double Milliseconds)> ChatAsync()
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var content = new StringContent(RequestGrammar.NormalChat().ToJsonString(), Encoding.UTF8, "application/json");
            using var response = await _client.PostAsync(new Uri("/v1/chat/completions", UriKind.Relative), content);
            var body = await response.Content.ReadAsStringAsync();
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            return ((int)response.StatusCode == 200 && body.Contains("\"choices\"", StringComparison.Ordinal)
                ? null
                : string.Create(CultureInfo.InvariantCulture, $"status {(int)response.StatusCode}: {body[..Math.Min(body.Length, 200)]}"), elapsed);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return (e.GetType().Name + ": " + e.Message, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    /// <summary><c>process_resident_memory_bytes</c>, or null when /metrics did not answer with it.</summary>
    public async Task<long?> ResidentBytesAsync()
    {
        try
        {
            var text = await _client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
            foreach (var line in text.Split('\n'))
            {
                if (line.StartsWith("process_resident_memory_bytes ", StringComparison.Ordinal)
                    && double.TryParse(line.AsSpan("process_resident_memory_bytes ".Length), NumberStyles.Float, CultureInfo.InvariantCulture, out var bytes))
                {
                    return (long)bytes;
                }
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            // Reported as missing.
        }

        return null;
    }
}
