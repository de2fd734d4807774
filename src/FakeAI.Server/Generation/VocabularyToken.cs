namespace FakeAI.Server.Generation;

/// <summary>One token the fake model can emit, with its text pre-encoded for the hot path.</summary>
/// <param name="Text">The token's text, e.g. <c>" word"</c>.</param>
/// <param name="JsonString">The token as a quoted, escaped JSON string in UTF-8, ready to copy into a chunk.</param>
internal sealed record VocabularyToken(string Text, byte[] JsonString);
