namespace FakeAI.Server.Endpoints;

/// <summary>
/// The stored responses of one server, bounded: at <c>capacity</c> adding one forgets the least recently used (read or
/// written). Thread-safe; one lock, held only for dictionary and list updates.
/// </summary>
internal sealed class ResponseStore(int capacity)
{
    private readonly Dictionary<string, LinkedListNode<(string Id, StoredResponse Value)>> _byId = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Id, StoredResponse Value)> _recency = new();
    private readonly Lock _lock = new();

    public int Capacity { get; } = capacity;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _byId.Count;
            }
        }
    }

    public void Add(string id, StoredResponse value)
    {
        if (Capacity == 0)
        {
            return;
        }

        lock (_lock)
        {
            if (_byId.Remove(id, out var existing))
            {
                _recency.Remove(existing);
            }

            while (_byId.Count >= Capacity)
            {
                var oldest = _recency.Last!;
                _recency.RemoveLast();
                _byId.Remove(oldest.Value.Id);
            }

            _byId[id] = _recency.AddFirst((id, value));
        }
    }

    public bool TryGet(string id, out StoredResponse value)
    {
        lock (_lock)
        {
            if (_byId.TryGetValue(id, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                value = node.Value.Value;
                return true;
            }
        }

        value = null!;
        return false;
    }

    public bool Remove(string id)
    {
        lock (_lock)
        {
            if (_byId.Remove(id, out var node))
            {
                _recency.Remove(node);
                return true;
            }
        }

        return false;
    }
}
