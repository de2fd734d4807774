using System.Text.Json.Serialization;
using FakeAI.Protocol.Chat;
using FakeAI.Protocol.Json;

namespace FakeAI.Protocol.Responses;

/// <summary>A Responses request's <c>input</c>: a plain string (one user message) or a list of input items.</summary>
[JsonConverter(typeof(ResponseInputConverter))]
public sealed class ResponseInput
{
    private ResponseInput(string? text, IReadOnlyList<ResponseInputItem>? items)
    {
        Text = text;
        Items = items;
    }

    /// <summary>The input when it was sent as a string; null when it was a list.</summary>
    public string? Text { get; }

    /// <summary>The input when it was sent as a list of items; null when it was a string.</summary>
    public IReadOnlyList<ResponseInputItem>? Items { get; }

    public static ResponseInput FromText(string text) => new(text, null);

    public static ResponseInput FromItems(IReadOnlyList<ResponseInputItem> items) => new(null, items);
}

/// <summary>
/// One input item. Messages (<c>type</c> absent or <c>message</c>) carry a <c>role</c> and <c>content</c> (a string or
/// parts such as <c>input_text</c>, <c>output_text</c>, <c>input_image</c>); <c>function_call</c> items carry
/// <c>arguments</c> and <c>function_call_output</c> items an <c>output</c>. Other item types are kept by type only.
/// </summary>
public sealed record ResponseInputItem
{
    public string? Type { get; init; }

    public string? Role { get; init; }

    public MessageContent? Content { get; init; }

    public string? Arguments { get; init; }

    public string? Output { get; init; }
}
