using System.Diagnostics;

namespace FakeAI.Bench.Tests.Engine;

/// <summary>How requests pick models and how a conversation's turns are spaced, measured on a scripted server.</summary>
public sealed class ConversationScheduleTests
{
    private static IReadOnlyList<(string, int)> Script(string _) =>
    [
        (ScriptedHttpServer.SseHeader + $"data: {ScriptedHttpServer.Chunk(content: "hi")}\n\ndata: [DONE]\n\n", 0),
    ];

    private static ProfileConfig Config(string url) => new()
    {
        Models = ["a", "b", "c"],
        Url = url,
        Streaming = true,
        Concurrency = 2,
        RequestCount = 30,
        RequestCountSet = true,
        InputTokensMean = 5,
        ConversationNum = 4,
        RandomSeed = 3,
    };

    [Fact]
    public async Task Round_robin_cycles_the_models_in_order()
    {
        await using var server = new ScriptedHttpServer(Script);
        var result = await ProfileRunner.RunAsync(Config(server.Url) with { Concurrency = 1 }, null, CancellationToken.None);
        Assert.Equal(Enumerable.Range(0, 30).Select(i => "abc"[i % 3].ToString()), result.Records.Select(r => r.Model));
    }

    [Fact]
    public async Task Random_selection_draws_models_unevenly_and_repeats_for_a_seed()
    {
        await using var server = new ScriptedHttpServer(Script);
        var config = Config(server.Url) with { ModelSelectionStrategy = ModelSelectionStrategy.Random, Concurrency = 1, RequestCount = 60 };
        var first = (await ProfileRunner.RunAsync(config, null, CancellationToken.None)).Records.Select(r => r.Model).ToArray();
        var second = (await ProfileRunner.RunAsync(config, null, CancellationToken.None)).Records.Select(r => r.Model).ToArray();
        Assert.Equal(first, second);
        Assert.Equal(["a", "b", "c"], first.Distinct().Order(StringComparer.Ordinal));
        Assert.NotEqual(Enumerable.Range(0, 60).Select(i => "abc"[i % 3].ToString()), first);
    }

    [Fact]
    public async Task Later_turns_wait_their_delay_after_the_previous_response()
    {
        await using var server = new ScriptedHttpServer(Script);
        var config = Config(server.Url) with { RequestCount = 3, ConversationTurnMean = 2, ConversationTurnDelayMeanMs = 150 };
        var result = await ProfileRunner.RunAsync(config, null, CancellationToken.None);

        // One credit is one conversation: 3 credits × 2 turns.
        Assert.Equal(6, result.Records.Count);
        foreach (var conversation in result.Records.GroupBy(r => r.CorrelationId))
        {
            var turns = conversation.OrderBy(r => r.TurnIndex).ToArray();
            Assert.Equal([0, 1], turns.Select(t => t.TurnIndex));
            var gapMs = (turns[1].StartTimestamp - turns[0].EndTimestamp) * 1000.0 / Stopwatch.Frequency;
            Assert.InRange(gapMs, 130, 5000); // Task.Delay may end up to a coarse clock tick early
        }
    }
}
