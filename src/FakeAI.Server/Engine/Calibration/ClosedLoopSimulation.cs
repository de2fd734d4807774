namespace FakeAI.Server.Engine.Calibration;

/// <summary>
/// Runs a sweep level against one <see cref="EngineWorker"/> in simulated time and measures it as the benchmark client
/// would: what the twin predicts a real server's sweep shows. Deterministic; no real time passes.
/// </summary>
/// <remarks>
/// A client's next request reaches the engine <c>clientDelayMs</c> after its last token left: the round trip through
/// the client and the network. However short, it matters: an engine runs its steps back to back, so the request misses
/// the step that starts as the last one ends and waits for the next, as on a real server. Without it, every client would
/// rejoin the batch in the same step, in lockstep, which no real sweep shows. The first wave is spread over one such
/// delay for the same reason.
/// </remarks>
internal static class ClosedLoopSimulation
{
    /// <summary>A loopback round trip through the profile client: well under a step, never zero.</summary>
    public const double DefaultClientDelayMs = 0.5;

    public static SweepMeasurement Measure(EngineOptions options, SweepPoint point, double clientDelayMs = DefaultClientDelayMs)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(point);
        var errors = point.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(point));
        }

        if (!double.IsFinite(clientDelayMs) || clientDelayMs < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(clientDelayMs), clientDelayMs, "the client delay must be a finite number of ms >= 0");
        }

        var worker = new EngineWorker(options);
        var sentAt = new double[point.Requests];
        var firstAt = new double[point.Requests];
        var arriving = new Queue<int>(); // requests on their way to the engine, in arrival order (all delays are equal)
        var sent = 0;
        var now = 0.0;
        for (; sent < point.Concurrency; sent++)
        {
            // The first wave leaves the client one request after another, never at one instant: the first to arrive
            // starts a step on the idle engine and the rest wait for the next, as on a real server.
            sentAt[sent] = sent * clientDelayMs / point.Concurrency;
            arriving.Enqueue(sent);
        }

        var ttfts = new double[point.Requests];
        var itlSum = 0.0;
        var done = 0;
        var lastEnd = 0.0;
        while (done < point.Requests)
        {
            while (arriving.TryPeek(out var next) && sentAt[next] <= now)
            {
                worker.Enqueue(new EngineRequest(arriving.Dequeue(), point.PromptTokens, 0, point.OutputTokens), now);
            }

            if (!worker.HasWork)
            {
                // Idle until the next request arrives.
                now = sentAt[arriving.Peek()];
                continue;
            }

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
                    // The client sends at once; the request reaches the engine after the round trip.
                    sentAt[sent] = now + clientDelayMs;
                    arriving.Enqueue(sent++);
                }
            }
        }

        Array.Sort(ttfts);
        return new SweepMeasurement(point, Median(ttfts), itlSum / point.Requests, point.Requests / (lastEnd / 1_000));
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
