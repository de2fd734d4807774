namespace FakeAI.Bench.Load;

/// <summary>Absolute send offsets (seconds since the phase start) of an open-loop phase: summing a running offset instead
/// of sleeping relative intervals means pacing errors never accumulate.</summary>
internal abstract class ArrivalSchedule
{
    /// <summary>Offset in seconds of the credit with the given index, called with increasing indexes.</summary>
    public abstract double OffsetSeconds(int index);

    public static ArrivalSchedule Create(RequestRateMode mode, double rate, Random random) => mode switch
    {
        RequestRateMode.Constant => new ConstantSchedule(rate),
        _ => new PoissonSchedule(rate, random),
    };

    private sealed class ConstantSchedule(double rate) : ArrivalSchedule
    {
        public override double OffsetSeconds(int index) => index / rate;
    }

    /// <summary>A renewal process: each gap is an independent exponential draw, the first request at offset 0.</summary>
    private sealed class PoissonSchedule(double rate, Random random) : ArrivalSchedule
    {
        private double _offset;
        private int _next;

        public override double OffsetSeconds(int index)
        {
            while (_next < index)
            {
                _offset += -Math.Log(1.0 - random.NextDouble()) / rate;
                _next++;
            }

            return _offset;
        }
    }
}
