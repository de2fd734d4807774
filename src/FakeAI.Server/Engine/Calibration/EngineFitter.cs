using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace FakeAI.Server.Engine.Calibration;

/// <summary>
/// Fits the engine to a measured sweep: for each candidate batch limit, a Nelder–Mead search over the logarithms of the
/// five step-time coefficients minimizes the squared log-errors of every cell's TTFT p50, ITL average and request
/// throughput, as <see cref="ClosedLoopSimulation"/> predicts them; the best candidate wins. Logarithms keep every
/// coefficient positive and weigh a 10 % miss the same whatever the cell's magnitude.
/// </summary>
internal static class EngineFitter
{
    private const int Coefficients = 5;

    /// <summary>The relative loss improvement below which a restart counts as having found nothing more.</summary>
    private const double RestartGain = 1e-3;

    public static EngineFit Fit(IReadOnlyList<SweepMeasurement> measured, EngineFitSettings settings)
    {
        ArgumentNullException.ThrowIfNull(measured);
        ArgumentNullException.ThrowIfNull(settings);
        if (measured.Count == 0)
        {
            throw new ArgumentException("a fit needs at least one measured sweep level", nameof(measured));
        }

        var bad = measured.Where(m => !(m.TtftP50Ms > 0 && m.ItlAvgMs > 0 && m.RequestsPerSecond > 0)).ToArray();
        if (bad.Length > 0)
        {
            throw new ArgumentException($"every measured level needs TTFT, ITL and throughput above 0 (not at concurrency {bad[0].Point.Concurrency})", nameof(measured));
        }

        EngineFit? best = null;
        var evaluations = 0;
        foreach (var limit in Candidates(measured, settings))
        {
            var fit = FitWithLimit(measured, settings, limit, ref evaluations);
            if (best is null || Loss(fit.Residuals) < Loss(best.Residuals))
            {
                best = fit;
            }
        }

        return best! with { Evaluations = evaluations };
    }

    private static EngineFit FitWithLimit(IReadOnlyList<SweepMeasurement> measured, EngineFitSettings settings, int limit, ref int evaluations)
    {
        var count = 0;
        var best = (Loss: double.MaxValue, Point: Vector<double>.Build.DenseOfArray(InitialGuess(measured)));
        var objective = ObjectiveFunction.Value(x =>
        {
            count++;
            var loss = Loss(Predict(measured, Options(settings, limit, x)).Residuals);
            if (loss < best.Loss)
            {
                best = (loss, x.Clone());
            }

            return loss;
        });

        // The second start restarts the simplex from the best point so far, whether the first stopped at a minimum or at
        // its iteration limit (which leaves no result, hence the best point kept above). The simulated objective has
        // kinks (a batch fills, a step turns compute-bound) where a simplex shrinks slowly, so the fit has converged when
        // the last start ends at a minimum or no longer improves on its starting point by more than RestartGain.
        var converged = false;
        for (var start = 0; start < 2; start++)
        {
            var lossAtStart = best.Loss;
            try
            {
                _ = new NelderMeadSimplex(1e-12, settings.MaxIterations)
                    .FindMinimum(objective, best.Point, Vector<double>.Build.Dense(Coefficients, Math.Log(3)));
                converged = true;
            }
            catch (MaximumIterationsException)
            {
                converged = start > 0 && lossAtStart - best.Loss <= RestartGain * lossAtStart;
            }
        }

        var point = best.Point;
        evaluations += count;
        var options = Options(settings, limit, point);
        return Predict(measured, options) with { Converged = converged };
    }

    private static EngineFit Predict(IReadOnlyList<SweepMeasurement> measured, EngineOptions options) =>
        new(options, [.. measured.Select(m => new CellResidual(m, ClosedLoopSimulation.Measure(options, m.Point)))], true, 0);

    private static double Loss(IReadOnlyList<CellResidual> residuals)
    {
        var sum = 0.0;
        foreach (var r in residuals)
        {
            sum += Square(Math.Log(r.Predicted.TtftP50Ms / r.Measured.TtftP50Ms))
                + Square(Math.Log(r.Predicted.ItlAvgMs / r.Measured.ItlAvgMs))
                + Square(Math.Log(r.Predicted.RequestsPerSecond / r.Measured.RequestsPerSecond));
        }

        return double.IsFinite(sum) ? sum : double.MaxValue;

        static double Square(double v) => v * v;
    }

    private static EngineOptions Options(EngineFitSettings settings, int limit, Vector<double> logCoefficients) => new()
    {
        MaxNumSeqs = limit,
        MaxNumBatchedTokens = Math.Max(settings.MaxNumBatchedTokens, limit),
        BlockSize = settings.BlockSize,
        CapacityBlocks = settings.CapacityBlocks,
        StepTime = new StepTimeModel(
            Math.Exp(logCoefficients[0]),
            Math.Exp(logCoefficients[1]),
            Math.Exp(logCoefficients[2]),
            Math.Exp(logCoefficients[3]),
            Math.Exp(logCoefficients[4])),
    };

    /// <summary>
    /// A start read off the least loaded level: its ITL is one memory-bound decode step (mostly the weights), its TTFT a
    /// compute-bound prefill of the prompt; the small terms start at a few percent of a step.
    /// </summary>
    private static double[] InitialGuess(IReadOnlyList<SweepMeasurement> measured)
    {
        var lone = measured.OrderBy(m => m.Point.Concurrency).ThenBy(m => m.Point.PromptTokens).First();
        var step = lone.ItlAvgMs;
        var perToken = Math.Max(lone.TtftP50Ms / lone.Point.PromptTokens, step / 1_000);
        return
        [
            Math.Log(step * 0.05),
            Math.Log(step * 0.02),
            Math.Log(perToken),
            Math.Log(step * 0.9),
            Math.Log(step * 0.9 / StepTimeModel.DefaultWeightsInContextTokens),
        ];
    }

    private static IEnumerable<int> Candidates(IReadOnlyList<SweepMeasurement> measured, EngineFitSettings settings)
    {
        if (settings.MaxNumSeqsCandidates.Count > 0)
        {
            return settings.MaxNumSeqsCandidates.Distinct().Where(c => c >= 1);
        }

        var levels = measured.Select(m => m.Point.Concurrency).Distinct().Order().ToArray();
        var candidates = new SortedSet<int>(levels) { levels[^1] + 1 };
        for (var i = 1; i < levels.Length; i++)
        {
            candidates.Add((int)Math.Round(Math.Sqrt((double)levels[i - 1] * levels[i])));
        }

        return candidates;
    }
}
