namespace FakeAI.Server.Streaming;

/// <summary>Ids of tool calls in the APIs' own forms: OpenAI's <c>call_</c> + 24 alphanumerics, Anthropic's <c>toolu_</c>.</summary>
internal static class ToolCallIds
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public static string NewCallId() => "call_" + Random(24);

    public static string NewToolUseId() => "toolu_" + Random(24);

    private static string Random(int length) =>
        string.Create(length, 0, static (span, _) => System.Random.Shared.GetItems(Alphabet.AsSpan(), span));
}
