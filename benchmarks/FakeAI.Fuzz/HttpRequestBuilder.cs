using System.Globalization;
using System.Text;

namespace FakeAI.Fuzz;

/// <summary>An HTTP/1.1 request as parts that <see cref="HttpMutator"/> changes before they become bytes.</summary>
internal sealed class HttpRequestBuilder
{
    public string Method { get; set; } = "POST";

    public string Target { get; set; } = "/";

    public string Version { get; set; } = "HTTP/1.1";

    public string LineEnd { get; set; } = "\r\n";

    /// <summary>Header lines as raw bytes (values may hold non-ASCII bytes); Content-Length is added by <see cref="ToBytes"/>
    /// unless <see cref="ContentLength"/> says otherwise.</summary>
    public List<byte[]> Headers { get; } = [];

    public byte[]? Body { get; set; }

    /// <summary>null: the body's real length; a value: what is announced instead; <see cref="OmitLength"/>: no header.</summary>
    public long? ContentLength { get; set; }

    public bool OmitLength { get; set; }

    /// <summary>Chunk sizes for <c>Transfer-Encoding: chunked</c> (null: not chunked).</summary>
    public IReadOnlyList<int>? Chunks { get; set; }

    /// <summary>Replaces a chunk-size line with this text (bad framing), when set.</summary>
    public string? BadChunkSize { get; set; }

    public void Header(string name, string value) => Headers.Add(Encoding.UTF8.GetBytes(name + ": " + value));

    public static HttpRequestBuilder For(string method, string target, byte[]? body, string? apiKey)
    {
        var request = new HttpRequestBuilder { Method = method, Target = target, Body = body };
        request.Header("Host", "127.0.0.1");
        request.Header("Connection", "close");
        if (apiKey is not null)
        {
            request.Header("Authorization", "Bearer " + apiKey);
        }

        if (body is not null)
        {
            request.Header("Content-Type", "application/json");
        }

        return request;
    }

    public byte[] ToBytes()
    {
        var output = new MemoryStream();
        void Write(string text) => output.Write(Encoding.UTF8.GetBytes(text));
        Write(Method + " " + Target + " " + Version + LineEnd);
        foreach (var header in Headers)
        {
            output.Write(header);
            Write(LineEnd);
        }

        var body = Body ?? [];
        if (Chunks is { } chunks)
        {
            Write("Transfer-Encoding: chunked" + LineEnd + LineEnd);
            var at = 0;
            var first = true;
            foreach (var size in chunks)
            {
                var length = Math.Min(size, body.Length - at);
                if (length <= 0)
                {
                    break;
                }

                Write((first && BadChunkSize is not null ? BadChunkSize : length.ToString("x", CultureInfo.InvariantCulture)) + "\r\n");
                first = false;
                output.Write(body, at, length);
                Write("\r\n");
                at += length;
            }

            Write("0\r\n\r\n");
            return output.ToArray();
        }

        if (!OmitLength && (Body is not null || ContentLength is not null))
        {
            Write("Content-Length: " + (ContentLength ?? body.Length).ToString(CultureInfo.InvariantCulture) + LineEnd);
        }

        Write(LineEnd);
        output.Write(body);
        return output.ToArray();
    }
}
