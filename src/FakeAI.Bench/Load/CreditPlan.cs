using FakeAI.Bench.Datasets;
using FakeAI.Bench.Sharding;

namespace FakeAI.Bench.Load;

/// <summary>
/// The credits of one phase, drawn in the order of the whole run from the phase's own generator, so every shard of a run
/// draws the same sequence and keeps its part: open-loop phases (request rate, trace replay) keep the credits whose number
/// is ≡ i (mod N), so their arrival times stay those of the one-process schedule; a closed loop with a request count keeps
/// its k6 block of the count (<see cref="ShardSpec.Share"/>), and one without (a duration) the same stripes as an open loop.
/// A credit is a whole conversation, so its turns never leave its shard. Not thread-safe: the phase takes credits under a lock.
/// </summary>
internal sealed class CreditPlan
{
    private readonly Dataset _dataset;
    private readonly int _modelCount;
    private readonly bool _randomModels;
    private readonly double _cancellationRate;
    private readonly Random _random;
    private readonly ShardSpec _shard;
    private readonly bool _stripes;
    private readonly int? _end;
    private int _next;
    private int _turnCounter;

    /// <summary>The plan of <paramref name="shard"/>'s part of a phase of <paramref name="globalCount"/> credits (null for a
    /// phase bounded by its duration), drawn from <paramref name="random"/>.</summary>
    public CreditPlan(ProfileConfig config, Dataset dataset, int? globalCount, ShardSpec shard, bool closedLoop, Random random)
    {
        _dataset = dataset;
        _modelCount = config.Models.Count;
        _randomModels = config.ModelSelectionStrategy == ModelSelectionStrategy.Random && _modelCount > 1;
        _cancellationRate = config.RequestCancellationRate;
        _random = random;
        _shard = shard;
        _stripes = !closedLoop || globalCount is null;
        if (globalCount is { } total)
        {
            _end = _stripes ? total : shard.BlockStart(total) + shard.Share(total);
            Count = _stripes ? Math.Max(0, (total - shard.Index + shard.Count - 1) / shard.Count) : shard.Share(total);
            if (!_stripes)
            {
                // Credits before this shard's block are drawn (and dropped) so its own draw what the whole run draws there.
                while (_next < shard.BlockStart(total))
                {
                    Draw(_next++);
                }
            }
        }
    }

    /// <summary>Credits this shard sends; null when the phase is bounded by its duration.</summary>
    public int? Count { get; }

    /// <summary>This shard's next credit; false when its part of the plan is sent.</summary>
    public bool TryNext(out PlannedCredit credit)
    {
        while (_end is not { } end || _next < end)
        {
            var drawn = Draw(_next++);
            if (!_stripes || drawn.Number % _shard.Count == _shard.Index)
            {
                credit = drawn;
                return true;
            }
        }

        credit = null!;
        return false;
    }

    private PlannedCredit Draw(int number)
    {
        var conversationIndex = _dataset.Sequential ? number % _dataset.Conversations.Count : _random.Next(_dataset.Conversations.Count);
        var cancel = _cancellationRate > 0 && _random.NextDouble() * 100 < _cancellationRate;
        var turns = _dataset.Conversations[conversationIndex].Turns.Count;
        var models = new int[turns];
        for (var t = 0; t < turns; t++)
        {
            models[t] = _randomModels ? _random.Next(_modelCount) : _turnCounter++ % _modelCount;
        }

        return new PlannedCredit(number, conversationIndex, cancel, models);
    }
}
