using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace FakeAI.Server.KvCache;

/// <summary>
/// Simulated prefix caches of N engine workers plus the router in front of them. Thread-safe: hashing runs outside
/// the lock; lookup, routing and block bookkeeping (a few microseconds per request) run under one lock.
/// </summary>
/// <remarks>
/// A request's blocks are stored on its worker at admission, as vLLM allocates blocks when it schedules the prefill:
/// a second identical prompt that arrives while the first is still running already hits. Blocks stay pinned until
/// the request is released; then they become evictable, most recently released last. Blocks are released leaf
/// first, so under pressure a prompt's tail is evicted before its shared prefix (as vLLM's free queue does).
/// </remarks>
internal sealed class KvCacheSimulator
{
    private const int StackChainLimit = 512;

    private readonly Lock _gate = new();
    private readonly KvCacheOptions _options;
    private readonly KvBlockIndex _index;
    private readonly KvWorkerCache[] _workers;
    private readonly string[] _workerNames;
    private readonly Random _random;
    private IndexedBlock?[] _walked = [];
    private int _nextRoundRobin;

    /// <param name="options">Validated settings; invalid ones throw <see cref="ArgumentException"/> listing every error.</param>
    /// <param name="random">Tie-breaking and sampling source; inject a seeded one for reproducible tests.</param>
    [SuppressMessage("Security", "CA5394:Do not use insecure randomness", Justification = "Load-balancing choice, not security.")]
    public KvCacheSimulator(KvCacheOptions options, Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid KV cache options: " + string.Join("; ", errors), nameof(options));
        }

        _options = options;
        _random = random ?? new Random();
        _index = new KvBlockIndex(options.Workers);
        _workers = new KvWorkerCache[options.Workers];
        _workerNames = new string[options.Workers];
        for (var i = 0; i < _workers.Length; i++)
        {
            _workers[i] = new KvWorkerCache(i, options.CapacityBlocks, _index);
            _workerNames[i] = WorkerNameOf(i);
        }
    }

    /// <summary>Routes a request, looks up and stores its prompt blocks, and returns the decision and its lease.</summary>
    public KvAdmission Admit(ReadOnlySpan<int> promptTokens)
    {
        var blocks = KvBlockHasher.FullBlocks(promptTokens.Length, _options.BlockSize);
        ulong[]? rented = null;
        Span<ulong> chain = blocks <= StackChainLimit
            ? stackalloc ulong[StackChainLimit]
            : (rented = ArrayPool<ulong>.Shared.Rent(blocks));
        try
        {
            chain = chain[..KvBlockHasher.ComputeChain(promptTokens, _options.BlockSize, chain)];
            lock (_gate)
            {
                return AdmitLocked(chain, promptTokens.Length);
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<ulong>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Current counters and occupancy of every worker.</summary>
    public KvCacheMetricsSnapshot Snapshot()
    {
        lock (_gate)
        {
            var workers = new KvWorkerMetrics[_workers.Length];
            for (var i = 0; i < _workers.Length; i++)
            {
                var w = _workers[i];
                workers[i] = new KvWorkerMetrics(
                    _workerNames[i], w.UsedBlocks, w.Capacity, Ratio(w.UsedBlocks, w.Capacity), w.PinnedBlocks,
                    w.RunningRequests, w.RunningPromptTokens, w.RoutedRequests, w.QueryTokens, w.HitTokens,
                    w.QueryTokens - w.HitTokens, w.HitBlocks, w.MissBlocks, Ratio(w.HitTokens, w.QueryTokens),
                    w.RequestsWithHit, w.Evictions, w.BlocksNotStored, w.UncacheableRequests);
            }

            return KvCacheMetricsSnapshot.Create(_options, workers, _index.Count);
        }
    }

    internal void Release(KvAdmission admission)
    {
        lock (_gate)
        {
            var worker = _workers[admission.WorkerId];
            worker.RunningRequests--;
            worker.RunningPromptTokens -= admission.PromptTokens;
            var pinned = admission.TakePinned();
            if (pinned is null)
            {
                return;
            }

            // Leaf first, so the shared prefix is the most recently used part and is evicted last.
            for (var i = admission.PinnedCount - 1; i >= 0; i--)
            {
                worker.Unpin(pinned[i]);
            }

            Array.Clear(pinned, 0, admission.PinnedCount);
            ArrayPool<CachedBlock>.Shared.Return(pinned);
        }
    }

    /// <summary>Throws when any worker's bookkeeping is inconsistent (used by the property tests).</summary>
    internal void CheckInvariants()
    {
        lock (_gate)
        {
            foreach (var worker in _workers)
            {
                worker.CheckInvariants();
            }

            if (_index.Entries.Any(e => e.Holders == 0))
            {
                throw new InvalidOperationException("the index keeps a hash no worker holds");
            }
        }
    }

    private KvAdmission AdmitLocked(ReadOnlySpan<ulong> chain, int promptTokens)
    {
        var blockSize = _options.BlockSize;
        var cacheable = chain.Length <= _options.CapacityBlocks;
        Span<int> overlaps = stackalloc int[_workers.Length];
        var walkedCount = 0;
        if (cacheable)
        {
            if (_walked.Length < chain.Length)
            {
                _walked = new IndexedBlock?[Math.Max(chain.Length, _walked.Length * 2)];
            }

            walkedCount = _index.FindOverlaps(chain, overlaps, _walked);
        }

        var worker = _workers[Route(overlaps, promptTokens)];
        worker.RoutedRequests++;
        worker.RunningRequests++;
        worker.RunningPromptTokens += promptTokens;
        worker.QueryTokens += promptTokens;
        if (!cacheable)
        {
            worker.UncacheableRequests++;
            worker.MissBlocks += chain.Length;
            return new KvAdmission(this, worker.Id, _workerNames[worker.Id], promptTokens, 0, false, null, 0);
        }

        var matched = overlaps[worker.Id];
        worker.HitBlocks += matched;
        worker.MissBlocks += chain.Length - matched;
        worker.HitTokens += (long)matched * blockSize;
        if (matched > 0)
        {
            worker.RequestsWithHit++;
        }

        CachedBlock[]? pinned = null;
        var count = 0;
        if (chain.Length > 0)
        {
            pinned = ArrayPool<CachedBlock>.Shared.Rent(chain.Length);
            for (; count < matched; count++)
            {
                var cached = _walked[count]!.ByWorker[worker.Id]!;
                worker.Pin(cached);
                pinned[count] = cached;
            }

            for (; count < chain.Length; count++)
            {
                var block = worker.PinOrAllocate(chain[count], count < walkedCount ? _walked[count] : null);
                if (block is null)
                {
                    // Every block is pinned by running requests: the rest of the prompt is computed but not cached.
                    worker.BlocksNotStored += chain.Length - count;
                    break;
                }

                pinned[count] = block;
            }
        }

        return new KvAdmission(
            this, worker.Id, _workerNames[worker.Id], promptTokens, matched * blockSize, true, pinned, count);
    }

    [SuppressMessage("Security", "CA5394:Do not use insecure randomness", Justification = "Load-balancing choice, not security.")]
    private int Route(ReadOnlySpan<int> overlaps, int promptTokens)
    {
        switch (_options.Router)
        {
            case KvRouterPolicy.RoundRobin:
                var next = _nextRoundRobin;
                _nextRoundRobin = (next + 1) % _workers.Length;
                return next;
            case KvRouterPolicy.Random:
                return _random.Next(_workers.Length);
            case KvRouterPolicy.LeastLoaded:
            {
                Span<double> loads = stackalloc double[_workers.Length];
                for (var i = 0; i < loads.Length; i++)
                {
                    loads[i] = _workers[i].RunningPromptTokens;
                }

                return KvWorkerSelection.SelectLowest(loads, _random);
            }

            default:
            {
                Span<double> costs = stackalloc double[_workers.Length];
                for (var i = 0; i < costs.Length; i++)
                {
                    costs[i] = KvWorkerSelection.Cost(
                        _options.OverlapWeight, _options.BlockSize, promptTokens, overlaps[i], _workers[i].RunningPromptTokens);
                }

                return KvWorkerSelection.Select(costs, _options.RouterTemperature, _random);
            }
        }
    }

    internal static string WorkerNameOf(int worker) => "worker-" + worker.ToString(CultureInfo.InvariantCulture);

    private static double Ratio(long part, long whole) => whole == 0 ? 0.0 : (double)part / whole;
}
