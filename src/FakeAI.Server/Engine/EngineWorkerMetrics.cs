using Prometheus;

namespace FakeAI.Server.Engine;

/// <summary>
/// One worker's engine histograms: each step's iteration tokens and start lateness, each finished request's
/// queue/prefill/decode time.
/// </summary>
internal sealed class EngineWorkerMetrics(
    Histogram.Child iterationTokens,
    Histogram.Child queueTime,
    Histogram.Child prefillTime,
    Histogram.Child decodeTime,
    Histogram.Child stepLateness)
{
    /// <summary>Observes how late a step started against its planned time (called by the driver as it starts).</summary>
    public void ObserveLateness(double lateMs) => stepLateness.Observe(Math.Max(0, lateMs) / 1000);

    /// <summary>Observes a non-empty step (called by the driver right after computing it).</summary>
    public void Observe(EngineStepResult step)
    {
        iterationTokens.Observe(step.ScheduledTokens);
        foreach (var finished in step.Finished)
        {
            queueTime.Observe(finished.QueueMs / 1000);
            prefillTime.Observe(finished.PrefillMs / 1000);
            decodeTime.Observe(finished.DecodeMs / 1000);
        }
    }
}
