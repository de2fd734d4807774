using System.Text;
using System.Text.Json.Serialization;
using FakeAI.Protocol.Json;

namespace FakeAI.Protocol.Chat;

/// <summary>
/// A message's <c>content</c>: either a plain string or an array of typed parts (<c>{"type":"text","text":...}</c>,
/// images and audio). Only text parts carry text; other parts are kept by type so they can be counted or ignored.
/// </summary>
[JsonConverter(typeof(MessageContentConverter))]
public sealed class MessageContent
{
    private MessageContent(string? text, IReadOnlyList<ContentPart>? parts)
    {
        Text = text;
        Parts = parts;
    }

    /// <summary>The content when it was sent as a plain string; null when it was sent as parts.</summary>
    public string? Text { get; }

    /// <summary>The content when it was sent as an array of parts; null when it was a plain string.</summary>
    public IReadOnlyList<ContentPart>? Parts { get; }

    public static MessageContent FromText(string text) => new(text, null);

    public static MessageContent FromParts(IReadOnlyList<ContentPart> parts) => new(null, parts);

    /// <summary>The text of the message: the string, or the text parts joined without separators.</summary>
    public string GetText()
    {
        if (Text is not null)
        {
            return Text;
        }

        if (Parts is null || Parts.Count == 0)
        {
            return string.Empty;
        }

        if (Parts.Count == 1)
        {
            return Parts[0].Text ?? string.Empty;
        }

        var builder = new StringBuilder();
        foreach (var part in Parts)
        {
            builder.Append(part.Text);
        }

        return builder.ToString();
    }
}

/// <summary>One element of an array-form message content.</summary>
/// <param name="Type">The part type, e.g. <c>text</c>, <c>image_url</c>, <c>input_audio</c>.</param>
/// <param name="Text">The text of a <c>text</c> part; null for other types.</param>
public sealed record ContentPart(string Type, string? Text)
{
    /// <summary><c>image_url.url</c> of an <c>image_url</c> part: a <c>data:</c> URL or a link.</summary>
    public string? ImageUrl { get; init; }

    /// <summary><c>image_url.detail</c>: <c>low</c>, <c>high</c> or <c>auto</c>.</summary>
    public string? ImageDetail { get; init; }

    /// <summary><c>input_audio.data</c>: base64 of the clip.</summary>
    public string? AudioData { get; init; }

    /// <summary><c>input_audio.format</c>: <c>wav</c> or <c>mp3</c>.</summary>
    public string? AudioFormat { get; init; }
}
