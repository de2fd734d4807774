using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;

namespace FakeAI.Reports.Runs;

/// <summary>
/// Talks to the target server outside the load: reachability before any run, server info for reports, resident memory
/// from <c>/metrics</c>, and whether a KV cache is exposed. Owns its <see cref="HttpClient"/>.
/// </summary>
public sealed class ServerProbe : IDisposable
{
    private readonly HttpClient _client;

    public ServerProbe(Uri baseUrl, string? apiKey)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        BaseUrl = baseUrl;
        _client = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(10) };
        if (!string.IsNullOrEmpty(apiKey))
        {
            _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }
    }

    public Uri BaseUrl { get; }

    /// <summary>GET /health and /v1/models. Unreachable (no HTTP answer at all) is reported in <see cref="ServerInfo.Error"/>.</summary>
    public async Task<ServerInfo> GetInfoAsync(CancellationToken cancellationToken)
    {
        bool healthy;
        try
        {
            using var health = await _client.GetAsync(new Uri("health", UriKind.Relative), cancellationToken);
            healthy = health.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new ServerInfo(BaseUrl.ToString(), false, false, null, $"cannot reach {BaseUrl}: {e.Message}");
        }

        int? models = null;
        try
        {
            using var response = await _client.GetAsync(new Uri("v1/models", UriKind.Relative), cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                using var doc = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), default, cancellationToken);
                if (doc.RootElement.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array)
                {
                    models = data.GetArrayLength();
                }
            }
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // The model list is informational; a server without it is still benchmarked.
        }

        return new ServerInfo(BaseUrl.ToString(), true, healthy, models, null);
    }

    /// <summary>Resident memory in MB from the Prometheus text of <c>/metrics</c>; null when the gauge is absent.</summary>
    public async Task<ServerMemoryReading?> ReadMemoryAsync(CancellationToken cancellationToken)
    {
        var text = await _client.GetStringAsync(new Uri("metrics", UriKind.Relative), cancellationToken);
        return ParseMemory(text);
    }

    /// <summary>
    /// True when the server answers <c>GET /kv-cache/metrics</c> with a JSON object that does not say
    /// <c>"enabled": false</c> (FakeAI started with <c>--no-kv-cache</c> still serves the endpoint).
    /// </summary>
    public async Task<bool> HasKvCacheAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _client.GetAsync(new Uri("kv-cache/metrics", UriKind.Relative), cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return false;
            }

            using var doc = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), default, cancellationToken);
            return doc.RootElement.ValueKind == JsonValueKind.Object
                && !(doc.RootElement.TryGetProperty("enabled", out var enabled) && enabled.ValueKind == JsonValueKind.False);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>GET <c>/kv-cache/metrics</c> as raw JSON text.</summary>
    public Task<string> GetKvCacheMetricsAsync(CancellationToken cancellationToken) =>
        _client.GetStringAsync(new Uri("kv-cache/metrics", UriKind.Relative), cancellationToken);

    public void Dispose() => _client.Dispose();

    /// <summary>
    /// <c>process_resident_memory_bytes</c> (null when absent), and when present <c>dotnet_total_memory_bytes</c>, the
    /// sum of <c>dotnet_collection_count_total</c> over its generations and the mean of <c>vllm:kv_cache_usage_perc</c>
    /// over its workers, from Prometheus text.
    /// </summary>
    internal static ServerMemoryReading? ParseMemory(string prometheusText)
    {
        double? resident = null, managed = null, collections = null;
        double kvUsageSum = 0;
        var kvWorkers = 0;
        foreach (var line in prometheusText.AsSpan().EnumerateLines())
        {
            if (Sample(line, "vllm:kv_cache_usage_perc") is { } usage)
            {
                kvUsageSum += usage;
                kvWorkers++;
                continue;
            }

            if (Sample(line, "process_resident_memory_bytes") is { } rss)
            {
                resident = rss;
            }
            else if (Sample(line, "dotnet_total_memory_bytes") is { } heap)
            {
                managed = heap;
            }
            else if (Sample(line, "dotnet_collection_count_total") is { } count)
            {
                collections = (collections ?? 0) + count;
            }
        }

        const double megabyte = 1024 * 1024;
        return resident is null
            ? null
            : new ServerMemoryReading(resident.Value / megabyte, managed / megabyte, (long?)collections, kvWorkers == 0 ? null : kvUsageSum / kvWorkers);
    }

    /// <summary>The value of a sample line of metric <paramref name="name"/> (any labels), or null for any other line.</summary>
    private static double? Sample(ReadOnlySpan<char> line, string name) =>
        line.StartsWith(name, StringComparison.Ordinal) && line.Length > name.Length && line[name.Length] is ' ' or '{'
        && double.TryParse(line[(line.LastIndexOf(' ') + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;

    /// <summary>VmRSS of a local process from <c>/proc/&lt;pid&gt;/status</c>, in MB.</summary>
    public static async Task<double> ReadProcessResidentMegabytesAsync(int pid, CancellationToken cancellationToken)
    {
        var lines = await File.ReadAllLinesAsync($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status", cancellationToken);
        foreach (var line in lines)
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                var kilobytes = double.Parse(line["VmRSS:".Length..].Replace("kB", string.Empty, StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture);
                return kilobytes / 1024;
            }
        }

        throw new IOException($"/proc/{pid}/status has no VmRSS line");
    }
}
