using System.Text.Json;
using FakeAI.Server;

namespace FakeAI.Bench.Tests.Engine;

/// <summary>
/// Replays mooncake traces with <c>hash_ids</c> through the profile engine against a real in-process FakeAI server and
/// checks the prefix reuse the client measures from <c>usage.prompt_tokens_details.cached_tokens</c> against what the
/// hash ids imply, computed offline.
/// Runs alone (server, tokenizer and client on the same cores) so it does not disturb the timing tests of other classes.
/// </summary>
[Collection(nameof(MooncakeKvReplayTests))]
[CollectionDefinition(nameof(MooncakeKvReplayTests), DisableParallelization = true)]
public sealed class MooncakeKvReplayTests : IDisposable
{
    private const int TraceBlock = 512;
    private const int ServerBlock = 16;

    private readonly string _directory = Directory.CreateTempSubdirectory("fakeai-mooncake-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private sealed record TraceLine(int InputLength, long[] HashIds);

    [Fact]
    public async Task Single_worker_with_ample_capacity_reports_exactly_the_reuse_the_hash_ids_imply()
    {
        // Shared prefixes [1,2,…] and [6,…]; block 3 appears as a 76-token partial block first and as a full block later;
        // line 6 repeats line 1 exactly.
        TraceLine[] trace =
        [
            new(1100, [1, 2, 3]),
            new(1300, [1, 2, 4]),
            new(700, [1, 5]),
            new(1536, [1, 2, 3]),
            new(300, [6]),
            new(1100, [1, 2, 3]),
            new(600, [6, 7]),
            new(512, [8]),
        ];
        var records = await ReplayAsync(trace, capacityBlocks: 16_384, defaultContextWindow: null);

        var expected = ExpectedCachedTokens(trace, records.Select(r => r.Line).ToArray());
        // By hand: line 2 shares blocks 1-2; line 3 block 1; line 4 the 68 full server blocks (1,088 tokens) of line 1,
        // whose partial block 3 is the start of line 4's full block 3; line 6 the same 68 blocks; line 7 the 18 full
        // server blocks (288 tokens) of line 5's partial block 6.
        Assert.Equal([0, 1024, 512, 1088, 0, 1088, 288, 0], SortedByLine(expected, records));
        for (var i = 0; i < records.Length; i++)
        {
            Assert.Equal(trace[records[i].Line].InputLength, records[i].PromptTokens);
            Assert.Equal(expected[i], records[i].CachedTokens);
        }

        var hitRate = (double)records.Sum(r => r.CachedTokens) / records.Sum(r => r.PromptTokens);
        Assert.Equal(4000.0 / 7148, hitRate, 12);
    }

    [Fact]
    public async Task Lru_eviction_lowers_the_measured_hit_rate_once_the_working_set_exceeds_capacity()
    {
        // Four 1,024-token prefixes, each followed by a unique 100-token tail, sent twice in the same cyclic order. One
        // request holds 1124 / 16 = 70 full server blocks, the working set 4 × 70 = 280 blocks.
        TraceLine[] trace =
        [
            .. Enumerable.Range(0, 2).SelectMany(round => Enumerable.Range(0, 4).Select(p =>
                new TraceLine(1124, [(p * 2) + 1, (p * 2) + 2, 100 + (round * 4) + p]))),
        ];

        // A context window of 2,048 tokens lets the server accept capacities down to 128 blocks per worker.
        var fits = await ReplayAsync(trace, capacityBlocks: 300, defaultContextWindow: 2048);
        var thrashes = await ReplayAsync(trace, capacityBlocks: 200, defaultContextWindow: 2048);

        // Capacity above the working set: the second round finds every prefix (64 blocks = 1,024 tokens each).
        Assert.Equal(ExpectedCachedTokens(trace, fits.Select(r => r.Line).ToArray()), fits.Select(r => r.CachedTokens));
        Assert.Equal(4 * 1024, fits.Sum(r => r.CachedTokens));

        // Below it, LRU evicts each prefix just before the cyclic order comes back to it: the hit rate collapses.
        var fitsRate = (double)fits.Sum(r => r.CachedTokens) / fits.Sum(r => r.PromptTokens);
        var thrashRate = (double)thrashes.Sum(r => r.CachedTokens) / thrashes.Sum(r => r.PromptTokens);
        Assert.Equal(4096.0 / (8 * 1124), fitsRate, 12);
        Assert.True(thrashRate < fitsRate / 2, $"hit rate {thrashRate:F3} with eviction vs {fitsRate:F3} without");
    }

    private static int[] SortedByLine(int[] expected, ReplayedRequest[] records)
    {
        var byLine = new int[records.Length];
        for (var i = 0; i < records.Length; i++)
        {
            byLine[records[i].Line] = expected[i];
        }

        return byLine;
    }

    /// <summary>
    /// The cached tokens each request should see on one worker that never evicts, in the order the requests were sent.
    /// The dataset builder turns hash id h into the same words wherever it appears (a partial last block is a prefix of
    /// the full block h), every word is one token, and the server tokenizes the message text alone, so token t of a
    /// prompt is identified by (hash id, offset in its block, whether it starts the prompt — the first word has no
    /// leading space). 512-token trace blocks are whole multiples of the server's 16-token blocks, but a partial last block
    /// is not, so the expectation is computed per token: the longest prefix, in whole server blocks, that an earlier
    /// request's full server blocks already held.
    /// </summary>
    private static int[] ExpectedCachedTokens(TraceLine[] trace, int[] sentOrder)
    {
        var cachedPrefixes = new HashSet<string>(StringComparer.Ordinal);
        var result = new int[sentOrder.Length];
        for (var i = 0; i < sentOrder.Length; i++)
        {
            var line = trace[sentOrder[i]];
            var tokens = new List<string>(line.InputLength);
            for (var b = 0; b < line.HashIds.Length; b++)
            {
                var size = b == line.HashIds.Length - 1 ? line.InputLength - (b * TraceBlock) : TraceBlock;
                for (var offset = 0; offset < size; offset++)
                {
                    tokens.Add($"{line.HashIds[b]}:{offset}:{(b == 0 && offset == 0 ? "start" : "")}");
                }
            }

            var prefixes = Enumerable.Range(1, tokens.Count / ServerBlock).Select(n => string.Join(',', tokens.Take(n * ServerBlock))).ToArray();
            result[i] = prefixes.TakeWhile(cachedPrefixes.Contains).Count() * ServerBlock;
            cachedPrefixes.UnionWith(prefixes);
        }

        return result;
    }

    private sealed record ReplayedRequest(int Line, int PromptTokens, int CachedTokens);

    /// <summary>Runs the trace (no timestamps: one request at a time, in file order) and returns the requests as sent.</summary>
    private async Task<ReplayedRequest[]> ReplayAsync(TraceLine[] trace, int capacityBlocks, int? defaultContextWindow)
    {
        var file = Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".jsonl");
        await File.WriteAllLinesAsync(file, trace.Select(t => JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["input_length"] = t.InputLength,
            ["output_length"] = 2,
            ["hash_ids"] = t.HashIds,
        })));
        var options = new FakeAIServerOptions { Port = 0, Ttft = LatencySpec.Exact(0), Itl = LatencySpec.Exact(0) };
        options.DefaultContextWindow = defaultContextWindow ?? options.DefaultContextWindow;
        options.KvCache.Workers = 1;
        options.KvCache.BlockSize = ServerBlock;
        options.KvCache.CapacityBlocks = capacityBlocks;
        await using var server = await FakeAIServer.StartAsync(options);
        var config = new ProfileConfig
        {
            Models = ["trace-model"],
            Url = server.Url.ToString().TrimEnd('/'),
            Streaming = true,

            // A streamed response reports usage (and so cached tokens) only when asked to.
            ExtraInputs = [new ExtraInput("stream_options", "{\"include_usage\":true}")],
            Concurrency = 1,
            InputFile = file,
            CustomDatasetType = CustomDatasetType.MooncakeTrace,
            InputTokensBlockSize = TraceBlock,
            RandomSeed = 11,
        };
        var result = await ProfileRunner.RunAsync(config, null, CancellationToken.None);
        Assert.Equal(trace.Length, result.SuccessCount);
        var lineOf = result.Dataset.Conversations.Select((c, i) => (c.SessionId, i)).ToDictionary(p => p.SessionId, p => p.i);
        return
        [
            .. result.Records
                .OrderBy(r => r.StartTimestamp)
                .Select(r => new ReplayedRequest(
                    lineOf[r.ConversationId],
                    r.UsagePromptTokens ?? throw new InvalidOperationException("no usage.prompt_tokens"),
                    r.UsageCachedTokens ?? throw new InvalidOperationException("no usage.prompt_tokens_details.cached_tokens"))),
        ];
    }
}
