namespace FakeAI.Bench.Tests;

public sealed class SequenceDistributionTests
{
    private static readonly SequenceLengthPair Short = new(256, 0, 128, 0, 40);
    private static readonly SequenceLengthPair Long = new(512, 0, 256, 0, 60);

    [Theory]
    [InlineData("256,128:40;512,256:60")]
    [InlineData(" 256 , 128 : 40 ; 512,256:60 ")]
    [InlineData("[(256,128):40,(512,256):60]")]
    [InlineData("{\"pairs\": [{\"isl\": 256, \"osl\": 128, \"prob\": 40}, {\"isl\": 512, \"osl\": 256, \"prob\": 60}]}")]
    public void Parses_every_aiperf_form(string text)
    {
        Assert.True(SequenceDistribution.TryParse(text, out var distribution, out var error), error);
        Assert.Equal([Short, Long], distribution!.Pairs);
    }

    [Theory]
    [InlineData("256|10,128|5:40;512|20,256|10:60")]
    [InlineData("[(256|10,128|5):40,(512|20,256|10):60]")]
    [InlineData("{\"pairs\": [{\"isl\": 256, \"isl_stddev\": 10, \"osl\": 128, \"osl_stddev\": 5, \"prob\": 40}, {\"isl\": 512, \"isl_stddev\": 20, \"osl\": 256, \"osl_stddev\": 10, \"prob\": 60}]}")]
    public void Parses_standard_deviations(string text)
    {
        Assert.True(SequenceDistribution.TryParse(text, out var distribution, out var error), error);
        Assert.Equal([new SequenceLengthPair(256, 10, 128, 5, 40), new SequenceLengthPair(512, 20, 256, 10, 60)], distribution!.Pairs);
    }

    [Theory]
    [InlineData("256,128:40;512,256:50", "percentages sum to 90, not 100")]
    [InlineData("256,128", "expected ISL[|STDDEV],OSL[|STDDEV]:PERCENT pairs")]
    [InlineData("", "holds no ISL,OSL:PERCENT pair")]
    [InlineData("0,128:100", "lengths must be >= 1")]
    [InlineData("{\"pairs\": [{\"isl\": 256}]}", "each JSON pair needs numbers isl, osl and prob")]
    public void Rejects_bad_text_with_the_reason(string text, string reason)
    {
        Assert.False(SequenceDistribution.TryParse(text, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Samples_pairs_in_proportion_and_lengths_around_their_means()
    {
        Assert.True(SequenceDistribution.TryParse("100,10:25;200|20,20:75", out var distribution, out _));
        var random = new Random(1);
        var samples = Enumerable.Range(0, 20_000).Select(_ => distribution!.Sample(random)).ToArray();
        var shortShare = samples.Count(s => s.OutputLength == 10) / (double)samples.Length;
        Assert.InRange(shortShare, 0.23, 0.27);
        Assert.All(samples.Where(s => s.OutputLength == 10), s => Assert.Equal(100, s.InputLength));
        var longInputs = samples.Where(s => s.OutputLength == 20).Select(s => (double)s.InputLength).ToArray();
        Assert.InRange(longInputs.Average(), 199, 201);
        Assert.InRange(Math.Sqrt(longInputs.Select(x => (x - 200) * (x - 200)).Average()), 18, 22);
    }
}
