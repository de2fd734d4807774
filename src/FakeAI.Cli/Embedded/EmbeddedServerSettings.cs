using System.Globalization;
using FakeAI.Server;
using FakeAI.Server.KvCache;

namespace FakeAI.Cli.Embedded;

/// <summary>The latency settings of an embedded server in one line, for its start line and the reports, so a reader can judge the numbers.</summary>
internal static class EmbeddedServerSettings
{
    public static string Describe(FakeAIServerOptions options)
    {
        var kv = options.KvCache;
        var cache = kv.Enabled
            ? string.Create(CultureInfo.InvariantCulture, $"KV cache on ({kv.Workers} workers, {KvRouterPolicyNames.NameOf(kv.Router)} router, a full hit saves {kv.HitSpeedup * 100:0.#} % of TTFT)")
            : "KV cache off";
        var prefill = options.PrefillPerTokenMs > 0
            ? string.Create(CultureInfo.InvariantCulture, $" + {options.PrefillPerTokenMs:0.###} ms per prompt token")
            : string.Empty;
        return $"TTFT {options.Ttft} ms{prefill}, ITL {options.Itl} ms, {cache}";
    }
}
