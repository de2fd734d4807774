namespace FakeAI.Bench.Load;

/// <summary>Trace replay: credit i is sent at its conversation's timestamp minus the schedule's zero.</summary>
internal sealed class FixedArrivalSchedule(IReadOnlyList<long> timestampsMs, long zeroMs) : ArrivalSchedule
{
    public override double OffsetSeconds(int index) => Math.Max(0, timestampsMs[index] - zeroMs) / 1000.0;
}
