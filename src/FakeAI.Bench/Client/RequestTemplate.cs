using System.Globalization;
using System.Text;

namespace FakeAI.Bench.Client;

/// <summary>
/// The bytes every request of a run shares, encoded once: request line, Host, User-Agent, Accept, Content-Type,
/// Authorization (for Anthropic's Messages API <c>x-api-key</c> and <c>anthropic-version</c> instead) and the <c>--header</c> values (a user header replaces a built-in one of the same name). Per request only
/// the two ids, the Content-Length and the payload are written after it.
/// </summary>
internal sealed class RequestTemplate
{
    private static readonly string[] BuiltIn = ["Host", "User-Agent", "Accept", "Content-Type", "Authorization", "x-api-key", "anthropic-version", "X-Request-ID", "X-Correlation-ID"];

    private readonly byte[] _head;
    private readonly bool _writeRequestId;
    private readonly bool _writeCorrelationId;

    public RequestTemplate(Uri uri, bool streaming, string? apiKey, IReadOnlyList<KeyValuePair<string, string>> headers, bool anthropic = false)
    {
        ArgumentNullException.ThrowIfNull(uri);
        ArgumentNullException.ThrowIfNull(headers);
        if (headers.FirstOrDefault(h => !IsValid(h)) is { Key: not null } invalid)
        {
            throw new ArgumentException($"invalid HTTP header '{invalid.Key}'", nameof(headers));
        }

        // Framing is the client's: a user Content-Length or Transfer-Encoding would corrupt the request stream.
        var user = headers
            .Where(h => !h.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) && !h.Key.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            .ToList();
        bool Overridden(string name) => user.Any(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase));

        var head = new StringBuilder();
        head.Append(CultureInfo.InvariantCulture, $"POST {uri.PathAndQuery} HTTP/1.1\r\n");
        var builtIn = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Host"] = uri.Authority,
            ["User-Agent"] = "fakeai/1.0",
            ["Accept"] = streaming ? "text/event-stream" : "application/json",
            ["Content-Type"] = "application/json",
            ["Authorization"] = apiKey is null || anthropic ? null : "Bearer " + apiKey,
            ["x-api-key"] = anthropic ? apiKey : null,
            ["anthropic-version"] = anthropic ? EndpointTypes.AnthropicVersion : null,
        };
        foreach (var name in BuiltIn)
        {
            if (builtIn.TryGetValue(name, out var value) && value is not null && !Overridden(name))
            {
                head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
            }
        }

        foreach (var (name, value) in user)
        {
            head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }

        _head = Encoding.UTF8.GetBytes(head.ToString());
        _writeRequestId = !Overridden("X-Request-ID");
        _writeCorrelationId = !Overridden("X-Correlation-ID");
    }

    /// <summary>An upper bound of the request's size (ids are written one byte per character), to size the write buffer.</summary>
    public int MaxLength(string requestId, string correlationId, int payloadLength) =>
        _head.Length + 96 + requestId.Length + correlationId.Length + payloadLength;

    /// <summary>Writes the whole request (head and body) into <paramref name="destination"/>; returns its length.</summary>
    public int Write(Span<byte> destination, string requestId, string correlationId, ReadOnlySpan<byte> payload)
    {
        _head.CopyTo(destination);
        var written = _head.Length;
        if (_writeRequestId)
        {
            written += WriteHeader(destination[written..], "X-Request-ID: "u8, requestId);
        }

        if (_writeCorrelationId)
        {
            written += WriteHeader(destination[written..], "X-Correlation-ID: "u8, correlationId);
        }

        "Content-Length: "u8.CopyTo(destination[written..]);
        written += "Content-Length: "u8.Length;
        payload.Length.TryFormat(destination[written..], out var digits, provider: CultureInfo.InvariantCulture);
        written += digits;
        "\r\n\r\n"u8.CopyTo(destination[written..]);
        written += 4;
        payload.CopyTo(destination[written..]);
        return written + payload.Length;
    }

    private static int WriteHeader(Span<byte> destination, ReadOnlySpan<byte> prefix, string value)
    {
        prefix.CopyTo(destination);
        var length = prefix.Length + Encoding.ASCII.GetBytes(value, destination[prefix.Length..]);
        "\r\n"u8.CopyTo(destination[length..]);
        return length + 2;
    }

    /// <summary>A header name of RFC 9110 token characters and a value without line breaks (which would inject headers).</summary>
    public static bool IsValid(KeyValuePair<string, string> header) =>
        IsToken(header.Key) && header.Value.AsSpan().IndexOfAny('\r', '\n') < 0;

    private static bool IsToken(string name) =>
        name.Length > 0 && name.All(c => c is > ' ' and < '\u007f' and not ('(' or ')' or '<' or '>' or '@' or ',' or ';' or ':' or '\\' or '"' or '/' or '[' or ']' or '?' or '=' or '{' or '}'));
}
