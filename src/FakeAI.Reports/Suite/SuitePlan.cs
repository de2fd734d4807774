using FakeAI.Bench;
using FakeAI.Reports.Results;

namespace FakeAI.Reports.Suite;

/// <summary>
/// The run matrix of the Python FakeAI's automated runner. Full: per model and concurrency C, streaming, min(1000, 10·C)
/// requests, ISL 300, OSL 1000, plus one non-streaming run per model at C = 50 with 500 requests. Quick: per model
/// C = 50, ISL 128, OSL 100, streaming, <see cref="QuickWaves"/>·C requests (at least 100). <c>--concurrency</c>
/// replaces the list of C.
/// </summary>
public static class SuitePlan
{
    /// <summary>
    /// Waves of requests in a quick run: the client holds C requests in flight only while at least C are left to send,
    /// so with a single wave or two the run would spend much of its time below the concurrency it names.
    /// </summary>
    public const int QuickWaves = 5;

    public static IReadOnlyList<(string Name, SuiteRunConfig Config)> Build(SuiteOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var endpoint = EndpointTypes.NameOf(options.EndpointType);
        var streamingPossible = EndpointTypes.SupportsStreaming(options.EndpointType);
        var runs = new List<SuiteRunConfig>();
        foreach (var model in options.Models)
        {
            if (options.Quick)
            {
                foreach (var c in (options.Concurrency ?? [50]).Distinct())
                {
                    runs.Add(new SuiteRunConfig(model, endpoint, c, Math.Max(100, QuickWaves * c), 128, 100, streamingPossible));
                }

                continue;
            }

            foreach (var c in (options.Concurrency ?? SuiteOptions.DefaultConcurrency).Distinct())
            {
                runs.Add(new SuiteRunConfig(model, endpoint, c, Math.Min(1000, 10 * c), 300, 1000, streamingPossible));
            }

            if (streamingPossible)
            {
                runs.Add(new SuiteRunConfig(model, endpoint, 50, 500, 300, 1000, false));
            }
        }

        return runs.Select(r => (Name(r), r)).ToList();
    }

    /// <summary>The Python FakeAI's run name: <c>&lt;model after the last /&gt;-&lt;endpoint&gt;-concurrency&lt;C&gt;-&lt;streaming|non-streaming&gt;</c>.</summary>
    public static string Name(SuiteRunConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var model = config.Model[(config.Model.LastIndexOf('/') + 1)..];
        return FormattableString.Invariant($"{model}-{config.EndpointType}-concurrency{config.Concurrency}-{(config.Streaming ? "streaming" : "non-streaming")}");
    }
}
