namespace FakeAI.Bench.Datasets;

/// <summary>One request of a conversation: its prompt texts, limits, optional trace timestamp and the prebuilt payloads
/// (one per model, so sending does no serialization).</summary>
public sealed record Turn(IReadOnlyList<string> Texts, int InputTokens, int? MaxTokens, long? TimestampMs)
{
    public IReadOnlyList<byte[]> Payloads { get; init; } = [];

    /// <summary>
    /// The name of each of <see cref="Texts"/> (null where it has none), from a custom file's named texts
    /// (<c>{"name": "query", "contents": […]}</c>) or a random pool's file name; empty when no text is named.
    /// Rankings read their query and passages from these names.
    /// </summary>
    public IReadOnlyList<string?> TextNames { get; init; } = [];

    /// <summary>Pause (ms) after the previous turn's response before this turn is sent; 0 for first turns.</summary>
    public double DelayMs { get; init; }

    /// <summary>Images sent with the turn, as <c>data:</c> URLs.</summary>
    public IReadOnlyList<string> Images { get; init; } = [];

    /// <summary>Audio clips sent with the turn: base64 data and format (<c>wav</c>, <c>mp3</c>).</summary>
    public IReadOnlyList<AudioClip> Audios { get; init; } = [];
}

/// <summary>One audio clip of a turn, as chat's <c>input_audio</c> carries it.</summary>
public sealed record AudioClip(string Base64Data, string Format);
