using FakeAI.Server.Engine;

namespace FakeAI.Server.Tests.Engine;

/// <summary>Drives an <see cref="EngineWorker"/> back to back in simulated time and records when each token left.</summary>
internal sealed class EngineHarness(EngineWorker worker)
{
    public EngineWorker Worker { get; } = worker;

    public double Now { get; private set; }

    public Dictionary<long, List<(int Index, double AtMs)>> Tokens { get; } = [];

    public Dictionary<long, FinishedRequest> Finished { get; } = [];

    public List<long> Preempted { get; } = [];

    public List<(int DecodeSeqs, int PrefillTokens, double DurationMs)> Steps { get; } = [];

    /// <summary>Called with each finished request and the step's end time (e.g. to submit the client's next request).</summary>
    public Action<FinishedRequest, double>? OnFinished { get; init; }

    public static EngineHarness Create(EngineOptions options) => new(new EngineWorker(options));

    public void Enqueue(long id, int prompt, int output, int cached = 0) =>
        Worker.Enqueue(new EngineRequest(id, prompt, cached, output), Now);

    /// <summary>Runs one step at <see cref="Now"/> and moves the clock to its end.</summary>
    public EngineStepResult Step()
    {
        var result = Worker.Step(Now);
        Now = result.EndMs;
        if (result.IsEmpty)
        {
            return result;
        }

        Steps.Add((result.DecodeSeqs, result.PrefillTokens, result.DurationMs));
        Preempted.AddRange(result.Preempted);
        foreach (var token in result.Emissions)
        {
            if (!Tokens.TryGetValue(token.RequestId, out var list))
            {
                Tokens[token.RequestId] = list = [];
            }

            list.Add((token.TokenIndex, result.EndMs));
        }

        foreach (var finished in result.Finished.ToArray())
        {
            Finished[finished.RequestId] = finished;
            OnFinished?.Invoke(finished, result.EndMs);
        }

        return result;
    }

    public void RunUntilIdle(int maxSteps = 1_000_000)
    {
        for (var i = 0; i < maxSteps && Worker.HasWork; i++)
        {
            Assert.False(Step().IsEmpty, "a worker with work made no progress");
        }

        Assert.False(Worker.HasWork, "the worker did not drain");
    }

    public void RunUntil(double endMs)
    {
        while (Now < endMs && Worker.HasWork)
        {
            Assert.False(Step().IsEmpty, "a worker with work made no progress");
        }
    }

    public double Ttft(long id) => Tokens[id][0].AtMs;
}
