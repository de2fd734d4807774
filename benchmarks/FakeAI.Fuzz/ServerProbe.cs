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
    public async Task<long?> ResidentBytesAsync() => (await MemoryAsync()).Sample?.ResidentBytes;

    /// <summary>The resident set and the managed heap (<c>dotnet_total_memory_bytes</c>, garbage included) from /metrics.</summary>
    public async Task<(MemorySample? Sample, string? Failure)> MemoryAsync()
    {
        try
        {
            using var response = await _client.GetAsync(new Uri("/metrics", UriKind.Relative));
            var text = await response.Content.ReadAsStringAsync();
            if ((int)response.StatusCode != 200)
            {
                return (null, string.Create(CultureInfo.InvariantCulture, $"/metrics answered {(int)response.StatusCode}: {text[..Math.Min(text.Length, 200)]}"));
            }

            long? Value(string name)
            {
                foreach (var line in text.Split('\n'))
                {
                    if (line.StartsWith(name + " ", StringComparison.Ordinal)
                        && double.TryParse(line.AsSpan(name.Length + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                    {
                        return (long)value;
                    }
                }

                return null;
            }

            return Value("process_resident_memory_bytes") is { } resident
                ? (new MemorySample(0, 0, resident, Value("dotnet_total_memory_bytes"), Encoding.UTF8.GetByteCount(text)), null)
                : (null, "/metrics has no process_resident_memory_bytes");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return (null, "/metrics: " + e.GetType().Name + ": " + e.Message);
        }
    }
}
