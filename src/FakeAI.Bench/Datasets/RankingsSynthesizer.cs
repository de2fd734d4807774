namespace FakeAI.Bench.Datasets;

/// <summary>
/// Synthetic rankings requests, as later aiperf builds them: per conversation one query of
/// <see cref="ProfileConfig.RankingsQueryTokensMean"/> tokens and a normally distributed number of passages (at least one)
/// of <see cref="ProfileConfig.RankingsPassageTokensMean"/> tokens each. The turn's first text is the query.
/// </summary>
internal static class RankingsSynthesizer
{
    public static List<Conversation> Create(
        ProfileConfig config,
        PromptGenerator generator,
        Func<string> newSessionId,
        Func<IReadOnlyList<string>, Turn> makeTurn)
    {
        var conversations = new List<Conversation>(config.ConversationNum);
        for (var i = 0; i < config.ConversationNum; i++)
        {
            var passages = generator.SampleLength(config.RankingsPassagesMean, config.RankingsPassagesStddev, 1);
            var texts = new string[passages + 1];
            texts[0] = generator.Generate(generator.SampleLength(config.RankingsQueryTokensMean, config.RankingsQueryTokensStddev, 1));
            for (var p = 1; p < texts.Length; p++)
            {
                texts[p] = generator.Generate(generator.SampleLength(config.RankingsPassageTokensMean, config.RankingsPassageTokensStddev, 1));
            }

            conversations.Add(new Conversation(newSessionId(), [makeTurn(texts)]));
        }

        return conversations;
    }
}
