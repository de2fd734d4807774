namespace FakeAI.Server.Engine;

/// <summary>
/// The waiting queue: FIFO at the back, with preempted sequences put back at the front (vLLM's recompute policy resumes
/// them first). A ring buffer, because the BCL has no deque and a linked list allocates per node.
/// </summary>
internal sealed class SequenceDeque
{
    private EngineSequence?[] _items = new EngineSequence?[16];
    private int _head;

    public int Count { get; private set; }

    public EngineSequence PeekFirst() =>
        Count > 0 ? _items[_head]! : throw new InvalidOperationException("the queue is empty");

    public EngineSequence RemoveFirst()
    {
        var item = PeekFirst();
        _items[_head] = null;
        _head = (_head + 1) % _items.Length;
        Count--;
        return item;
    }

    public void AddLast(EngineSequence item)
    {
        Grow();
        _items[(_head + Count) % _items.Length] = item;
        Count++;
    }

    public void AddFirst(EngineSequence item)
    {
        Grow();
        _head = (_head - 1 + _items.Length) % _items.Length;
        _items[_head] = item;
        Count++;
    }

    /// <summary>Removes the first sequence of <paramref name="requestId"/>, keeping the others' order; false when absent.</summary>
    public bool Remove(long requestId, out EngineSequence? removed)
    {
        for (var i = 0; i < Count; i++)
        {
            var item = _items[(_head + i) % _items.Length]!;
            if (item.Request.Id != requestId)
            {
                continue;
            }

            // Close the gap by shifting the later items forward: aborts are rare, the queue short-lived.
            for (var j = i; j < Count - 1; j++)
            {
                _items[(_head + j) % _items.Length] = _items[(_head + j + 1) % _items.Length];
            }

            _items[(_head + Count - 1) % _items.Length] = null;
            Count--;
            removed = item;
            return true;
        }

        removed = null;
        return false;
    }

    private void Grow()
    {
        if (Count < _items.Length)
        {
            return;
        }

        var larger = new EngineSequence?[_items.Length * 2];
        for (var i = 0; i < Count; i++)
        {
            larger[i] = _items[(_head + i) % _items.Length];
        }

        _items = larger;
        _head = 0;
    }
}
