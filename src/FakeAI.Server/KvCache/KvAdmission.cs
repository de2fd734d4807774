namespace FakeAI.Server.KvCache;

/// <summary>
/// The routing decision for one request and its hold on the worker's blocks. Dispose it when the request ends for any
/// reason (completion, error, client disconnect); disposing more than once is harmless.
/// </summary>
internal sealed class KvAdmission : IDisposable
{
    private readonly KvCacheSimulator _owner;
    private int _released;

    internal KvAdmission(
        KvCacheSimulator owner, int workerId, string workerName, int promptTokens, int cachedTokens, bool cacheable,
        CachedBlock[]? pinned, int pinnedCount)
    {
        _owner = owner;
        WorkerId = workerId;
        WorkerName = workerName;
        PromptTokens = promptTokens;
        CachedTokens = cachedTokens;
        Cacheable = cacheable;
        Pinned = pinned;
        PinnedCount = pinnedCount;
    }

    /// <summary>Index of the worker that serves the request, 0-based.</summary>
    public int WorkerId { get; }

    /// <summary>Name of that worker, e.g. <c>worker-2</c> (for the response header and metrics labels).</summary>
    public string WorkerName { get; }

    public int PromptTokens { get; }

    /// <summary>Prompt tokens found in the worker's cache: whole blocks, never more than <see cref="PromptTokens"/>.</summary>
    public int CachedTokens { get; }

    /// <summary>Prompt tokens the worker has to prefill.</summary>
    public int PrefillTokens => PromptTokens - CachedTokens;

    /// <summary>False when the prompt has more blocks than a worker can hold: served, but neither looked up nor stored.</summary>
    public bool Cacheable { get; }

    internal CachedBlock[]? Pinned { get; private set; }

    internal int PinnedCount { get; }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            _owner.Release(this);
        }
    }

    internal CachedBlock[]? TakePinned()
    {
        var pinned = Pinned;
        Pinned = null;
        return pinned;
    }
}
