using BenchmarkDotNet.Attributes;
using FakeAI.Server.Engine;

namespace FakeAI.Benchmarks;

/// <summary>
/// CPU cost of the simulated continuous-batching engine (<c>src/FakeAI.Server/Engine</c>), default options (max-num-seqs
/// 256, 8,192-token budget, 16,384 blocks of 16). Closed-loop clients keep the load steady: each finished request is
/// replaced at once by a new one (100-token prompt, 200 output tokens), so the steps measured are the steady state
/// of decodes with the odd prefill, admission and finish mixed in.
/// </summary>
[MemoryDiagnoser]
[MinColumn, MedianColumn]
public class EngineBenchmarks
{
    /// <summary>Simulated tokens per invocation of the cluster benchmark; its time is reported per token.</summary>
    public const int TokensPerInvoke = 65_536;

    private const int Prompt = 100;
    private const int Output = 200;
    private const int Workers = 8;
    private const int Concurrent = 10_000;
    private const int LargeBatch = 2_048;

    private EngineWorker _single = null!;
    private double _singleNow;
    private EngineWorker _large = null!;
    private double _largeNow;
    private EngineWorker[] _cluster = null!;
    private double[] _clusterNow = null!;
    private long _nextId;

    [GlobalSetup]
    public void Setup()
    {
        _single = new EngineWorker(new EngineOptions());
        for (var i = 0; i < 256; i++)
        {
            _single.Enqueue(NewRequest(), 0);
        }

        // Room for 2,048 sequences of 300 tokens (38,912 blocks of 16) without preemption.
        _large = new EngineWorker(new EngineOptions { MaxNumSeqs = LargeBatch, CapacityBlocks = 65_536 });
        for (var i = 0; i < LargeBatch; i++)
        {
            _large.Enqueue(NewRequest(), 0);
        }

        _cluster = new EngineWorker[Workers];
        _clusterNow = new double[Workers];
        for (var w = 0; w < Workers; w++)
        {
            _cluster[w] = new EngineWorker(new EngineOptions());
            for (var i = 0; i < Concurrent / Workers; i++)
            {
                _cluster[w].Enqueue(NewRequest(), 0);
            }
        }

        // Warm up past the first wave of prefills so that the measured steps are the steady state.
        for (var i = 0; i < 2 * Output; i++)
        {
            StepSingle();
            StepLarge();
            for (var w = 0; w < Workers; w++)
            {
                StepWorker(w);
            }
        }
    }

    /// <summary>One step of one worker with 256 running sequences (mostly decodes).</summary>
    [Benchmark(Description = "one step, 256 running sequences")]
    public int StepSingle()
    {
        var step = _single.Step(_singleNow);
        _singleNow = step.EndMs;
        foreach (var finished in step.Finished)
        {
            _single.Enqueue(NewRequest(), _singleNow);
        }

        return step.ScheduledTokens;
    }

    /// <summary>One step of one worker with 2,048 running sequences (max-num-seqs 2,048, as in the scale benchmark).</summary>
    [Benchmark(Description = "one step, 2,048 running sequences")]
    public int StepLarge()
    {
        var step = _large.Step(_largeNow);
        _largeNow = step.EndMs;
        foreach (var finished in step.Finished)
        {
            _large.Enqueue(NewRequest(), _largeNow);
        }

        return step.ScheduledTokens;
    }

    /// <summary>
    /// 10,000 concurrent sequences over 8 workers (256 running and ~1,000 waiting on each), always stepping the worker
    /// whose clock is behind, until <see cref="TokensPerInvoke"/> tokens are emitted: the time shown is per simulated token.
    /// </summary>
    [Benchmark(Description = "10,000 sequences on 8 workers, per simulated token", OperationsPerInvoke = TokensPerInvoke)]
    public long ClusterPerToken()
    {
        var tokens = 0L;
        while (tokens < TokensPerInvoke)
        {
            var earliest = 0;
            for (var w = 1; w < Workers; w++)
            {
                if (_clusterNow[w] < _clusterNow[earliest])
                {
                    earliest = w;
                }
            }

            tokens += StepWorker(earliest);
        }

        return tokens;
    }

    private int StepWorker(int w)
    {
        var step = _cluster[w].Step(_clusterNow[w]);
        _clusterNow[w] = step.EndMs;
        foreach (var finished in step.Finished)
        {
            _cluster[w].Enqueue(NewRequest(), _clusterNow[w]);
        }

        return step.Emissions.Count;
    }

    private EngineRequest NewRequest() => new(_nextId++, Prompt, 0, Output);
}
