using FakeAI.Server.Faults;

namespace FakeAI.Server.Tests.Faults;

public sealed class FaultDeciderTests
{
    private static FaultDecider Decider(long seed, params (FaultKind Kind, double Rate)[] rates) =>
        new(new FaultOptions { Seed = seed, Rates = rates.ToDictionary(r => r.Kind, r => r.Rate) });

    [Fact]
    public void The_same_seed_and_rates_give_every_request_number_the_same_fault()
    {
        var rates = new[] { (FaultKind.RateLimit, 0.1), (FaultKind.Disconnect, 0.2), (FaultKind.Stall, 0.05) };
        var first = Enumerable.Range(0, 500).Select(n => Decider(42, rates).Decide(n)).ToArray();
        var sequential = Decider(42, rates);
        var second = Enumerable.Range(0, 500).Select(_ => sequential.Next()).ToArray();
        var otherSeed = Enumerable.Range(0, 500).Select(n => Decider(43, rates).Decide(n)).ToArray();

        Assert.Equal(first, second);
        Assert.NotEqual(first.Select(f => f?.Kind), otherSeed.Select(f => f?.Kind));
    }

    [Fact]
    public void Rates_are_honoured_over_many_decisions()
    {
        // 20,000 draws: a rate r gives 20,000 r ± 5 standard deviations (at most ±5·√(20,000·0.25) ≈ 354, here far less).
        const int draws = 20_000;
        var rates = new Dictionary<FaultKind, double>
        {
            [FaultKind.RateLimit] = 0.10, [FaultKind.ServerError] = 0.02, [FaultKind.Overloaded] = 0.03, [FaultKind.ContextLength] = 0.01,
            [FaultKind.InvalidApiKey] = 0.01, [FaultKind.Timeout] = 0.02, [FaultKind.Disconnect] = 0.05, [FaultKind.StreamError] = 0.04,
            [FaultKind.Stall] = 0.06, [FaultKind.TruncatedJson] = 0.01,
        };
        var decider = new FaultDecider(new FaultOptions { Seed = 7, Rates = rates });
        var counts = Enum.GetValues<FaultKind>().ToDictionary(k => k, _ => 0);
        var none = 0;
        for (var n = 0; n < draws; n++)
        {
            if (decider.Decide(n) is { } fault)
            {
                counts[fault.Kind]++;
            }
            else
            {
                none++;
            }
        }

        foreach (var (kind, rate) in rates)
        {
            var expected = draws * rate;
            var sd = Math.Sqrt(draws * rate * (1 - rate));
            Assert.InRange(counts[kind], expected - (5 * sd), expected + (5 * sd));
        }

        var noneExpected = draws * 0.65;
        Assert.InRange(none, noneExpected - (5 * Math.Sqrt(draws * 0.65 * 0.35)), noneExpected + (5 * Math.Sqrt(draws * 0.65 * 0.35)));
    }

    [Fact]
    public void A_rate_of_one_faults_every_request_and_zero_rates_none()
    {
        var always = Decider(1, (FaultKind.Overloaded, 1.0));
        var never = Decider(1, (FaultKind.Overloaded, 0.0));

        Assert.All(Enumerable.Range(0, 1000), n => Assert.Equal(FaultKind.Overloaded, always.Decide(n)!.Kind));
        Assert.All(Enumerable.Range(0, 1000), n => Assert.Null(never.Decide(n)));
        Assert.False(never.Enabled);
        Assert.True(always.Enabled);
    }

    [Fact]
    public void K_is_drawn_across_the_whole_output_unless_fixed()
    {
        var decider = Decider(3, (FaultKind.Disconnect, 1.0));
        var ks = Enumerable.Range(0, 2000).Select(n => decider.Decide(n)!.After(50)).ToArray();
        var fixedK = new FaultDecider(new FaultOptions { Rates = { [FaultKind.Disconnect] = 1.0 }, AfterTokens = 7 });

        Assert.All(ks, k => Assert.InRange(k, 0, 49));
        Assert.Equal(50, ks.Distinct().Count());
        Assert.InRange(ks.Average(), 24.5 - 2, 24.5 + 2);
        Assert.Equal(7, fixedK.Decide(0)!.After(50));
        Assert.Equal(0, decider.Decide(0)!.After(0));
    }
}
