namespace FakeAI.Server.Engine.Calibration;

/// <summary>
/// Runs a sweep level against one <see cref="EngineWorker"/> in simulated time and measures it as the benchmark client
/// would: what the twin predicts a real server's sweep shows. Deterministic; no real time passes.
/// </summary>
internal static class ClosedLoopSimulation
{
    public static SweepMeasurement Measure(EngineOptions options, SweepPoint point)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(point);
        var errors = point.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(point));
        }

        var worker = new EngineWorker(options);
        var sentAt = new double[point.Requests];
        var firstAt = new double[point.Requests];
        var sent = 0;
        var now = 0.0;
        for (; sent < point.Concurrency; sent++)
        {
            Send(sent);
        }

        var ttfts = new double[point.Requests];
        var itlSum = 0.0;
        var done = 0;
        var lastEnd = 0.0;
        while (done < point.Requests)
        {
            var step = worker.Step(now);
            if (step.IsEmpty)
            {
                throw new InvalidOperationException("the simulated worker stalled with requests outstanding");
            }

            now = step.EndMs;
            foreach (var token in step.Emissions)
            {
                if (token.TokenIndex == 0)
                {
                    firstAt[token.RequestId] = now;
                }
            }

            foreach (var finished in step.Finished)
            {
                var id = (int)finished.RequestId;
                ttfts[done++] = firstAt[id] - sentAt[id];
                itlSum += (now - firstAt[id]) / (point.OutputTokens - 1);
                lastEnd = now;
                if (sent < point.Requests)
                {
                    Send(sent++);
                }
            }
        }

        Array.Sort(ttfts);
        return new SweepMeasurement(point, Median(ttfts), itlSum / point.Requests, point.Requests / (lastEnd / 1_000));

        void Send(int id)
        {
            sentAt[id] = now;
            worker.Enqueue(new EngineRequest(id, point.PromptTokens, 0, point.OutputTokens), now);
        }
    }

    /// <summary>The median with linear interpolation between the two middle values (numpy's default, which aiperf uses).</summary>
    private static double Median(double[] sorted)
    {
        var middle = (sorted.Length - 1) / 2.0;
        var low = (int)Math.Floor(middle);
        var high = (int)Math.Ceiling(middle);
        return sorted[low] + ((sorted[high] - sorted[low]) * (middle - low));
    }
}
