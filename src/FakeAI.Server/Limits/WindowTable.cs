namespace FakeAI.Server.Limits;

/// <summary>
/// The sliding windows of one kind (API keys or models), created on first use and bounded in number: when the table is
/// full, windows that have emptied are dropped (they hold nothing, so nothing changes), and if all are still in use the
/// eighth that was used longest ago is forgotten (those keys or models start counting afresh). Without the bound, a
/// client naming a new model id on every request would grow the table forever. Not thread-safe.
/// </summary>
internal sealed class WindowTable(int capacity)
{
    private readonly Dictionary<string, SlidingWindow> _windows = new(StringComparer.Ordinal);

    public int Count => _windows.Count;

    public SlidingWindow Get(string name, long now, long windowTicks)
    {
        if (!_windows.TryGetValue(name, out var window))
        {
            if (_windows.Count >= capacity)
            {
                MakeRoom(now, windowTicks);
            }

            window = new SlidingWindow();
            _windows.Add(name, window);
        }

        window.Expire(now, windowTicks);
        return window;
    }

    private void MakeRoom(long now, long windowTicks)
    {
        foreach (var (name, window) in _windows)
        {
            window.Expire(now, windowTicks);
            if (window.EntryCount == 0)
            {
                _windows.Remove(name);
            }
        }

        if (_windows.Count < capacity)
        {
            return;
        }

        // Evicting an eighth at a time keeps the sort rare: one per capacity/8 new names.
        var stale = _windows.OrderBy(w => w.Value.Newest).Take(Math.Max(1, capacity / 8)).Select(w => w.Key).ToArray();
        foreach (var name in stale)
        {
            _windows.Remove(name);
        }
    }
}
