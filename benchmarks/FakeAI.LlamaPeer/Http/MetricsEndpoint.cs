using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace FakeAI.LlamaPeer.Http;

/// <summary>GET /metrics in Prometheus text format, under llama.cpp's server names where one exists.</summary>
internal static class MetricsEndpoint
{
    public static IResult Handle(LoadedModel model)
    {
        var counters = model.Engine.Counters;
        var decodes = counters.DecodeCalls;
        var text = new StringBuilder();
        Append(text, "llamacpp:prompt_tokens_total", "counter", "Number of prompt tokens processed.", counters.PromptTokens);
        Append(text, "llamacpp:tokens_predicted_total", "counter", "Number of generation tokens processed.", counters.GeneratedTokens);
        Append(text, "llamacpp:n_decode_total", "counter", "Total number of llama_decode() calls.", decodes);
        Append(text, "llamacpp:n_busy_slots_per_decode", "gauge", "Average number of busy slots per llama_decode() call.", decodes == 0 ? 0 : (double)counters.BusySlotSum / decodes);
        Append(text, "llamacpp:requests_processing", "gauge", "Number of requests processing.", counters.Processing);
        Append(text, "llamacpp:requests_deferred", "gauge", "Number of requests deferred.", counters.Deferred);
        Append(text, "fakeai_peer_decode_seconds_total", "counter", "Time spent inside llama_decode() calls.", (double)counters.DecodeTicks / Stopwatch.Frequency);
        return Results.Text(text.ToString(), "text/plain; version=0.0.4; charset=utf-8");
    }

    private static void Append(StringBuilder text, string name, string type, string help, double value) =>
        text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} {type}\n{name} {value.ToString("R", CultureInfo.InvariantCulture)}\n");
}
