using System.Text;

namespace FakeAI.Fuzz;

/// <summary>
/// Mutations at the HTTP level. <see cref="MutateKeepingFrame"/> changes what the server must still answer with a status
/// (path spelling, method, extra headers, content type); <see cref="BreakFrame"/> changes the framing itself (truncation,
/// wrong lengths, bad chunks, random bytes, odd versions), after which closing without an answer is also acceptable.
/// </summary>
internal static class HttpMutator
{
    private static readonly string[] Methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "post", "Get", "P0ST", "CONNECT", "PROPFIND"];

    private static readonly string[] BadLengths = ["-1", "abc", "99999999999999999999", "5, 6", "0x10", " 1 "];

    private static readonly string[] ContentTypes =
    [
        "text/plain", "application/json; charset=utf-16", "application/json; charset=latin1", "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x", "application/JSON", "", ";;;", "application/json, text/plain", "application/*",
    ];

    public static string MutateKeepingFrame(HttpRequestBuilder request, Random r)
    {
        switch (r.Next(6))
        {
            case 0:
                return "path:" + MutatePath(request, r);
            case 1:
                request.Method = Methods[r.Next(Methods.Length)];
                return "method:" + request.Method;
            case 2:
                var count = r.Next(1, r.Next(2) == 0 ? 5 : 120);
                for (var i = 0; i < count; i++)
                {
                    request.Header(HeaderName(r), HeaderValue(r, r.Next(3) == 0 ? 4000 : 40));
                }

                return "headers:" + count;
            case 3:
                var type = ContentTypes[r.Next(ContentTypes.Length)];
                request.Headers.RemoveAll(h => Encoding.ASCII.GetString(h).StartsWith("Content-Type:", StringComparison.Ordinal));
                request.Header("Content-Type", type);
                return "content-type:" + type;
            case 4:
                var auth = new[] { "Bearer ", "Bearer", "Basic Zm9vOmJhcg==", "bearer sk-x", "Bearer " + new string('k', 5000), "\u00e9\u00e9" }[r.Next(6)];
                request.Header("Authorization", auth);
                return "authorization";
            default:
                var harmless = new[] { ("Expect", "100-continue"), ("Accept-Encoding", "gzip, br"), ("Accept", "text/event-stream"), ("X-Request-Id", HeaderValue(r, 60)), ("Cookie", HeaderValue(r, 200)), ("Upgrade", "websocket") }[r.Next(6)];
                request.Header(harmless.Item1, harmless.Item2);
                return "header:" + harmless.Item1;
        }
    }

    public static string BreakFrame(HttpRequestBuilder request, Random r, out Func<byte[], byte[]>? postProcess)
    {
        postProcess = null;
        switch (r.Next(12))
        {
            case 0:
                postProcess = bytes => bytes.AsSpan(0, r.Next(bytes.Length)).ToArray();
                return "truncated";
            case 1:
                request.ContentLength = (request.Body?.Length ?? 0) + r.Next(1, 100_000);
                return "length:too-long";
            case 2:
                request.ContentLength = r.Next(Math.Max(1, request.Body?.Length ?? 1));
                return "length:too-short";
            case 3:
                request.Header("Content-Length", BadLengths[r.Next(BadLengths.Length)]);
                request.OmitLength = r.Next(2) == 0;
                return "length:bad-header";
            case 4:
                request.Chunks = [.. Enumerable.Range(0, 64).Select(_ => r.Next(1, 512))];
                return "chunked";
            case 5:
                request.Chunks = [.. Enumerable.Range(0, 8).Select(_ => r.Next(1, 512))];
                request.BadChunkSize = new[] { "zz", "-1", "ffffffffffffffffff", "1;ext=\"", "", "100000000" }[r.Next(6)];
                return "chunked:bad-size";
            case 6:
                request.Version = new[] { "HTTP/1.0", "HTTP/2.0", "HTTP/9.9", "http/1.1", "HTTP/1.1x", "HTTP/1", "" }[r.Next(7)];
                return "version:" + request.Version;
            case 7:
                request.LineEnd = r.Next(2) == 0 ? "\n" : "\r";
                return "line-end";
            case 8:
                postProcess = bytes =>
                {
                    var copy = (byte[])bytes.Clone();
                    for (var i = r.Next(1, 16); i > 0; i--)
                    {
                        copy[r.Next(copy.Length)] = (byte)r.Next(256);
                    }

                    return copy;
                };
                return "flipped-bytes";
            case 9:
                postProcess = _ =>
                {
                    var junk = new byte[r.Next(1, 20_000)];
                    r.NextBytes(junk);
                    return junk;
                };
                return "random-bytes";
            case 10:
                request.Headers.Add(r.Next(3) switch
                {
                    0 => Encoding.ASCII.GetBytes("NoColonHeader"),
                    1 => Encoding.ASCII.GetBytes(" folded: continuation"),
                    _ => [(byte)'X', (byte)':', 0x00, 0xFF, 0x7F, (byte)'\r', (byte)'a'],
                });
                return "header:malformed";
            default:
                // A second request pipelined behind the first (keep-alive on the first).
                request.Headers.RemoveAll(h => Encoding.ASCII.GetString(h).StartsWith("Connection:", StringComparison.Ordinal));
                postProcess = bytes => [.. bytes, .. Encoding.ASCII.GetBytes("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")];
                return "pipelined";
        }
    }

    private static string MutatePath(HttpRequestBuilder request, Random r)
    {
        var path = request.Target;
        switch (r.Next(10))
        {
            case 0:
                request.Target = new string([.. path.Select(c => r.Next(2) == 0 ? char.ToUpperInvariant(c) : c)]);
                return "mixed-case";
            case 1:
                request.Target = string.Concat(path.Select(c => c != '/' && r.Next(3) == 0 ? "%" + ((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture) : c.ToString()));
                return "percent-encoded";
            case 2:
                request.Target = path.Replace("/", "//", StringComparison.Ordinal);
                return "double-slash";
            case 3:
                request.Target = path + "/";
                return "trailing-slash";
            case 4:
                request.Target = "/v1/../" + path.TrimStart('/') + (r.Next(2) == 0 ? "/." : string.Empty);
                return "dot-segments";
            case 5:
                request.Target = path + "?" + new[] { "a=1&a=2", "stream=true", "%zz", "x=" + new string('q', 6000), "\u00e9" }[r.Next(5)];
                return "query";
            case 6:
                request.Target = "http://127.0.0.1" + path;
                return "absolute-form";
            case 7:
                request.Target = path + "/" + new string('a', r.Next(100, 9000));
                return "long";
            case 8:
                request.Target = path.Replace("/", r.Next(2) == 0 ? "\\" : "%2F", StringComparison.Ordinal);
                return "separators";
            default:
                request.Target = path + new[] { "%00", "%", "#frag", ";param", "/%2e%2e/metrics", "\u00e4", "*" }[r.Next(7)];
                return "odd-suffix";
        }
    }

    private static string HeaderName(Random r)
    {
        const string Token = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_!#$%&'*+.^`|~";
        var length = r.Next(1, 30);
        return "X-" + new string([.. Enumerable.Range(0, length).Select(_ => Token[r.Next(Token.Length)])]);
    }

    private static string HeaderValue(Random r, int maxLength)
    {
        var length = r.Next(0, maxLength);
        return new string([.. Enumerable.Range(0, length).Select(_ => (char)r.Next(0x20, 0x7F))]);
    }
}
