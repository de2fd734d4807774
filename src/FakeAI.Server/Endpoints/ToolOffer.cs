namespace FakeAI.Server.Endpoints;

/// <summary>
/// The tools a request offers and how it lets the model use them: <paramref name="Named"/> is set for
/// <see cref="ToolChoiceMode.Named"/>. <paramref name="AnswersToolResult"/>: the conversation ends with a tool's result,
/// which an <c>auto</c> model answers in text rather than calling a tool again.
/// </summary>
internal sealed record ToolOffer(IReadOnlyList<OfferedTool> Tools, ToolChoiceMode Mode, string? Named, bool AnswersToolResult)
{
    /// <summary>
    /// The tool to call, or null for a text answer: <c>none</c>, no tools, or an <c>auto</c> draw above
    /// <paramref name="rate"/>, or an <c>auto</c> turn after a tool result. <c>required</c> picks one of the tools, a named
    /// choice that one. Deterministic for <paramref name="seed"/>.
    /// </summary>
    public OfferedTool? Choose(ulong seed, double rate)
    {
        if (Tools.Count == 0 || Mode == ToolChoiceMode.None || (Mode == ToolChoiceMode.Auto && AnswersToolResult))
        {
            return null;
        }

        if (Mode == ToolChoiceMode.Named)
        {
            return Tools.First(t => t.Name == Named);
        }

        // Mixed away from the text seed so the decision and the text do not share a stream.
        var rng = new Generation.SplitMix64(seed ^ 0x6A09E667F3BCC909UL);
        if (Mode == ToolChoiceMode.Auto && rng.NextDouble() >= rate)
        {
            return null;
        }

        return Tools[rng.NextInt(Tools.Count)];
    }
}
