using FakeAI.Server.Engine;

namespace FakeAI.Server.Tests.Engine;

public sealed class SequenceDequeTests
{
    private static EngineSequence Sequence(long id) => new(new EngineRequest(id, 1, 0, 1), 0);

    [Fact]
    public void Keeps_fifo_order_with_preempted_sequences_at_the_front_across_growth_and_wrap_around()
    {
        var deque = new SequenceDeque();
        var expected = new LinkedList<long>();
        for (var i = 0; i < 100; i++)
        {
            if (i % 3 == 0)
            {
                deque.AddFirst(Sequence(i));
                expected.AddFirst(i);
            }
            else
            {
                deque.AddLast(Sequence(i));
                expected.AddLast(i);
            }

            if (i % 7 == 0)
            {
                Assert.Equal(expected.First!.Value, deque.RemoveFirst().Request.Id);
                expected.RemoveFirst();
            }
        }

        Assert.True(deque.Remove(50, out var removed));
        Assert.Equal(50, removed!.Request.Id);
        expected.Remove(50);
        Assert.False(deque.Remove(50, out _));

        var actual = new List<long>();
        while (deque.Count > 0)
        {
            actual.Add(deque.RemoveFirst().Request.Id);
        }

        Assert.Equal(expected, actual);
        Assert.Throws<InvalidOperationException>(() => deque.PeekFirst());
    }
}
