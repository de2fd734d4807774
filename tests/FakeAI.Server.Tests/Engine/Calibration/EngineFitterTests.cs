using System.Globalization;
using FakeAI.Server.Engine;
using FakeAI.Server.Engine.Calibration;
using Xunit.Abstractions;

namespace FakeAI.Server.Tests.Engine.Calibration;

public sealed class EngineFitterTests(ITestOutputHelper output)
{
    private static readonly int[] Levels = [1, 2, 4, 8, 16];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_fit_to_a_hidden_engine_recovers_its_coefficients_and_reproduces_its_sweep(int seed)
    {
        var random = new Random(seed);
        var hidden = new EngineOptions
        {
            MaxNumSeqs = new[] { 4, 8 }[random.Next(2)],
            MaxNumBatchedTokens = 2_048,
            CapacityBlocks = 1 << 20,
            StepTime = RandomModel(random),
        };
        var sweep = Sweep(hidden);

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var fit = EngineFitter.Fit(sweep, new EngineFitSettings { MaxNumBatchedTokens = 2_048 });
        output.WriteLine($"{System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s, {fit.Evaluations} evaluations, worst cell {fit.WorstError:P2}");
        output.WriteLine($"hidden {hidden.StepTime} limit {hidden.MaxNumSeqs}");
        output.WriteLine($"fitted {fit.Options.StepTime} limit {fit.Options.MaxNumSeqs}");

        Assert.True(fit.WorstError < 0.05, $"worst cell {fit.WorstError:P2}");
        Assert.Equal(hidden.MaxNumSeqs, fit.Options.MaxNumSeqs);
        AssertWithin(hidden.StepTime.PerTokenMs, fit.Options.StepTime.PerTokenMs);
        AssertWithin(hidden.StepTime.WeightsMs, fit.Options.StepTime.WeightsMs);
        AssertWithin(hidden.StepTime.PerContextTokenMs, fit.Options.StepTime.PerContextTokenMs);
        AssertWithin(hidden.StepTime.PerDecodeSeqMs, fit.Options.StepTime.PerDecodeSeqMs);
        AssertWithin(hidden.StepTime.BaseMs, fit.Options.StepTime.BaseMs);
    }

    [Fact]
    public void Noisy_measurements_are_reproduced_within_their_noise()
    {
        var random = new Random(7);
        var hidden = new EngineOptions { MaxNumSeqs = 8, MaxNumBatchedTokens = 2_048, CapacityBlocks = 1 << 20, StepTime = RandomModel(random) };

        // A real server agrees with itself only to a few percent per cell; the fit must not chase that noise off the model.
        var noisy = Sweep(hidden).Select(m => m with
        {
            TtftP50Ms = m.TtftP50Ms * (1 + ((random.NextDouble() * 2) - 1) * 0.03),
            ItlAvgMs = m.ItlAvgMs * (1 + ((random.NextDouble() * 2) - 1) * 0.03),
            RequestsPerSecond = m.RequestsPerSecond * (1 + ((random.NextDouble() * 2) - 1) * 0.03),
        }).ToArray();

        var fit = EngineFitter.Fit(noisy, new EngineFitSettings { MaxNumBatchedTokens = 2_048 });

        Assert.True(fit.Converged);
        Assert.True(fit.WorstError < 0.06, $"worst cell {fit.WorstError:P2}");
        Assert.Equal(8, fit.Options.MaxNumSeqs);
        var truth = Sweep(hidden);
        Assert.All(truth.Zip(fit.Residuals), pair => Assert.True(
            new CellResidual(pair.First, pair.Second.Predicted).WorstError < 0.05,
            $"concurrency {pair.First.Point.Concurrency}: {new CellResidual(pair.First, pair.Second.Predicted).WorstError:P2} from the noise-free engine"));
    }

    [Fact]
    public void A_fit_stopped_by_its_iteration_limit_says_it_did_not_converge()
    {
        var hidden = new EngineOptions { MaxNumSeqs = 4, MaxNumBatchedTokens = 2_048, StepTime = RandomModel(new Random(3)) };

        var fit = EngineFitter.Fit(Sweep(hidden), new EngineFitSettings { MaxNumBatchedTokens = 2_048, MaxIterations = 5, MaxNumSeqsCandidates = [4] });

        Assert.False(fit.Converged);
        Assert.Equal(10, fit.Residuals.Count);
    }

    [Fact]
    public void Measurements_without_a_positive_ttft_itl_and_throughput_are_refused()
    {
        var point = new SweepPoint(2, 64, 32, 16);

        var error = Assert.Throws<ArgumentException>(() => EngineFitter.Fit([new SweepMeasurement(point, 50, 0, 3)], new EngineFitSettings()));

        Assert.Contains("concurrency 2", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => EngineFitter.Fit([], new EngineFitSettings()));
        Assert.Throws<ArgumentException>(() => ClosedLoopSimulation.Measure(new EngineOptions(), point with { OutputTokens = 1 }));
    }

    private static void AssertWithin(double expected, double actual) =>
        Assert.True(Math.Abs(actual / expected - 1) < 0.05, string.Create(CultureInfo.InvariantCulture, $"expected {expected}, fitted {actual}"));

    private static StepTimeModel RandomModel(Random random)
    {
        double Between(double low, double high) => low * Math.Pow(high / low, random.NextDouble());
        var weights = Between(5, 20);
        return new StepTimeModel(
            BaseMs: Between(0.2, 2),
            PerDecodeSeqMs: Between(0.05, 0.5),
            PerTokenMs: Between(0.05, 0.3),
            WeightsMs: weights,
            PerContextTokenMs: weights * Between(0.1, 1) / 1_000);
    }

    private static SweepMeasurement[] Sweep(EngineOptions engine) =>
    [
        .. from prompt in new[] { 64, 512 }
           from concurrency in Levels
           select ClosedLoopSimulation.Measure(engine, new SweepPoint(concurrency, prompt, 32, Math.Max(16, 4 * concurrency))),
    ];
}
