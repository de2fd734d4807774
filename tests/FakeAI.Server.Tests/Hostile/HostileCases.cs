using System.Globalization;
using System.Text;

namespace FakeAI.Server.Tests.Hostile;

/// <summary>
/// Hostile requests: malformed HTTP, framing, JSON syntax, huge/deep/many values, wrong types, auth variants and every
/// endpoint with every method. Each is raw bytes, so nothing on the client side repairs it.
/// </summary>
internal static class HostileCases
{
    private const string Auth = "Authorization: Bearer " + HostileServerFixture.Key + "\r\n";

    private static readonly Lazy<IReadOnlyList<(string Name, byte[] Request)>> Cases = new(() => [.. Build()]);

    public static IReadOnlyList<(string Name, byte[] Request)> All() => Cases.Value;

    private static IEnumerable<(string Name, byte[] Request)> Build()
    {
        foreach (var c in MalformedHttp())
        {
            yield return c;
        }

        foreach (var c in Framing())
        {
            yield return c;
        }

        foreach (var (name, body) in ChatBodies())
        {
            yield return ("chat: " + name, Post("/v1/chat/completions", body));
        }

        foreach (var (name, body) in CompletionBodies())
        {
            yield return ("completions: " + name, Post("/v1/completions", body));
        }

        foreach (var (name, body) in EmbeddingBodies())
        {
            yield return ("embeddings: " + name, Post("/v1/embeddings", body));
        }

        foreach (var (name, body) in ResponsesBodies())
        {
            yield return ("responses: " + name, Post("/v1/responses", body));
        }

        foreach (var (name, body) in MessagesBodies())
        {
            yield return ("messages: " + name, Post("/v1/messages", body));
        }

        foreach (var (name, path, body) in BadTextBodies())
        {
            yield return ("bad text: " + name, Post(path, body));
        }

        foreach (var (name, body) in RankingBodies())
        {
            yield return ("ranking: " + name, Post("/v1/ranking", body));
            yield return ("rerank: " + name, Post("/v1/rerank", body));
        }

        foreach (var (name, body) in TokenizerBodies())
        {
            yield return ("tokenizer: " + name, Post(name.StartsWith("detokenize", StringComparison.Ordinal) ? "/detokenize" : "/tokenize", body));
        }

        foreach (var c in AuthVariants())
        {
            yield return c;
        }

        foreach (var c in EveryEndpoint())
        {
            yield return c;
        }
    }

    private static byte[] Bytes(string s) => Encoding.UTF8.GetBytes(s);

    private static byte[] Post(string path, string body) => Bytes(RawHttp.Request("POST", path, body, Auth));

    private static byte[] Post(string path, byte[] body)
    {
        var head = Bytes($"POST {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n{Auth}Content-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n");
        return [.. head, .. body];
    }

    private static string Chat(string extra) => $$"""{"model":"m","messages":[{"role":"user","content":"hi"}],"max_tokens":3{{extra}}}""";

    private static IEnumerable<(string, byte[])> MalformedHttp()
    {
        yield return ("garbage line", Bytes("GARBAGE\r\n\r\n"));
        yield return ("method only", Bytes("GET\r\n\r\n"));
        yield return ("HTTP/9.9", Bytes("GET /health HTTP/9.9\r\nHost: x\r\n\r\n"));
        yield return ("HTTP/1.1 without Host", Bytes("GET /health HTTP/1.1\r\nConnection: close\r\n\r\n"));
        yield return ("double spaces in request line", Bytes("GET  /health  HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
        yield return ("header without colon", Bytes("GET /health HTTP/1.1\r\nHost: x\r\nNoColonHere\r\n\r\n"));
        yield return ("NUL in header", Bytes("GET /health HTTP/1.1\r\nHost: x\r\nX-A: a\0b\r\n\r\n"));
        yield return ("space before colon", Bytes("GET /health HTTP/1.1\r\nHost : x\r\n\r\n"));
        yield return ("obsolete line folding", Bytes("GET /health HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\n\r\n"));
        yield return ("128 KB header", Bytes($"GET /health HTTP/1.1\r\nHost: x\r\nX-Big: {new string('a', 128 * 1024)}\r\n\r\n"));
        yield return ("2,000 headers", Bytes("GET /health HTTP/1.1\r\nHost: x\r\n" + string.Concat(Enumerable.Range(0, 2000).Select(i => $"X-{i}: v\r\n")) + "\r\n"));
        yield return ("64 KB URL", Bytes($"GET /v1/models/{new string('a', 64 * 1024)} HTTP/1.1\r\nHost: x\r\n{Auth}\r\n"));
        yield return ("LF-only line endings", Bytes("GET /health HTTP/1.1\nHost: x\nConnection: close\n\n"));
        yield return ("random binary", RandomBytes(4096, 1));
        yield return ("TLS ClientHello on the plain port", [0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03, .. RandomBytes(64, 2)]);
        yield return ("HTTP/2 preface on HTTP/1.1", Bytes("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"));
        yield return ("CONNECT", Bytes("CONNECT localhost:443 HTTP/1.1\r\nHost: localhost:443\r\nConnection: close\r\n\r\n"));
        yield return ("OPTIONS *", Bytes("OPTIONS * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
        yield return ("TRACE", Bytes("TRACE /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
        yield return ("unknown method", Bytes("FROB /v1/models HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + Auth + "\r\n"));
        yield return ("absolute-form target", Bytes("GET http://elsewhere.example/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
        yield return ("target without slash", Bytes("GET health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
        yield return ("invalid percent escape", Bytes("GET /v1/models/%ZZ%G HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + Auth + "\r\n"));
        yield return ("encoded NUL in path", Bytes("GET /v1/models/a%00b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + Auth + "\r\n"));
        yield return ("overlong UTF-8 in path", [.. Bytes("GET /v1/models/"), 0xC0, 0xAF, .. Bytes(" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + Auth + "\r\n")]);
        yield return ("incomplete request line", Bytes("GET /heal"));
        yield return ("headers never finished", Bytes("GET /health HTTP/1.1\r\nHost: x\r\n"));
    }

    private static IEnumerable<(string, byte[])> Framing()
    {
        var body = Chat(string.Empty);
        string Head(string framing) => $"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nConnection: close\r\n{Auth}Content-Type: application/json\r\n{framing}\r\n";
        string Chunked(string chunks) => Head("Transfer-Encoding: chunked\r\n") + chunks;

        yield return ("Content-Length and Transfer-Encoding", Bytes(Head($"Content-Length: {body.Length}\r\nTransfer-Encoding: chunked\r\n") + $"{body.Length:x}\r\n{body}\r\n0\r\n\r\n"));
        yield return ("two different Content-Lengths", Bytes(Head($"Content-Length: {body.Length}\r\nContent-Length: 5\r\n") + body));
        yield return ("negative Content-Length", Bytes(Head("Content-Length: -1\r\n") + body));
        yield return ("non-numeric Content-Length", Bytes(Head("Content-Length: ten\r\n") + body));
        yield return ("Content-Length 10^20", Bytes(Head("Content-Length: 100000000000000000000\r\n") + body));
        yield return ("Content-Length beyond the body limit", Bytes(Head("Content-Length: 999999999\r\n") + body));
        yield return ("Content-Length longer than the body", Bytes(Head($"Content-Length: {body.Length + 100}\r\n") + body));
        yield return ("Content-Length shorter than the body", Bytes(Head("Content-Length: 10\r\n") + body));
        yield return ("chunked, well formed", Bytes(Chunked($"{body.Length:x}\r\n{body}\r\n0\r\n\r\n")));
        yield return ("chunk size not hex", Bytes(Chunked($"zz\r\n{body}\r\n0\r\n\r\n")));
        yield return ("chunk size 0x80000000", Bytes(Chunked($"80000000\r\n{body}\r\n0\r\n\r\n")));
        yield return ("chunk size 0xFFFFFFFF", Bytes(Chunked($"ffffffff\r\n{body}\r\n0\r\n\r\n")));
        yield return ("chunk size 2^64-1", Bytes(Chunked($"ffffffffffffffff\r\n{body}\r\n0\r\n\r\n")));
        yield return ("chunk size 2^68", Bytes(Chunked($"100000000000000000\r\n{body}\r\n0\r\n\r\n")));
        yield return ("chunk size larger than the data", Bytes(Chunked($"{body.Length + 50:x}\r\n{body}\r\n0\r\n\r\n")));
        yield return ("chunk without CRLF after data", Bytes(Chunked($"{body.Length:x}\r\n{body}0\r\n\r\n")));
        yield return ("chunk extension", Bytes(Chunked($"{body.Length:x};name=value\r\n{body}\r\n0\r\n\r\n")));
        yield return ("garbage trailer", Bytes(Chunked($"{body.Length:x}\r\n{body}\r\n0\r\nX-Trailer\r\n\r\n")));
        yield return ("no terminating chunk", Bytes(Chunked($"{body.Length:x}\r\n{body}\r\n")));
        yield return ("1-byte chunks", Bytes(Chunked(string.Concat(body.Select(c => $"1\r\n{c}\r\n")) + "0\r\n\r\n")));
        yield return ("Transfer-Encoding gzip, chunked", Bytes(Head("Transfer-Encoding: gzip, chunked\r\n") + $"{body.Length:x}\r\n{body}\r\n0\r\n\r\n"));
        yield return ("Transfer-Encoding unknown", Bytes(Head("Transfer-Encoding: frobnicate\r\n") + body));
        yield return ("Content-Encoding gzip over plain JSON", Bytes(Head($"Content-Encoding: gzip\r\nContent-Length: {body.Length}\r\n") + body));
        yield return ("Expect: 100-continue", Bytes(Head($"Expect: 100-continue\r\nContent-Length: {body.Length}\r\n") + body));
        yield return ("POST without a body", Bytes(Head("Content-Length: 0\r\n")));
        yield return ("POST with neither length nor chunking", Bytes(Head(string.Empty) + body));
        yield return ("two pipelined requests", Bytes(
            $"GET /health HTTP/1.1\r\nHost: x\r\n\r\n" + Head($"Content-Length: {body.Length}\r\n") + body));
    }

    private static IEnumerable<(string, string)> ChatBodies()
    {
        yield return ("{", "{");
        yield return ("}", "}");
        yield return ("[", "[");
        yield return ("nul", "nul");
        yield return ("a string", "\"hello\"");
        yield return ("a number", "123");
        yield return ("true", "true");
        yield return ("UTF-8 BOM", "\uFEFF" + Chat(string.Empty));
        yield return ("trailing comma", Chat(",") );
        yield return ("comment", "/* c */" + Chat(string.Empty));
        yield return ("single quotes", "{'model':'m'}");
        yield return ("NaN", Chat(",\"temperature\":NaN"));
        yield return ("unterminated string", """{"model":"m""");
        yield return ("lone surrogate escape", """{"model":"m","messages":[{"role":"user","content":"\ud800"}]}""");
        yield return ("raw control character", "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"a\u0001b\"}]}");
        yield return ("duplicate keys", """{"model":"m","model":"n","messages":[{"role":"user","content":"hi"}],"max_tokens":2}""");
        yield return ("depth 10,000 in an unknown field", Chat(",\"x\":" + new string('[', 10_000) + new string(']', 10_000)));
        yield return ("depth 10,000 in content", $$"""{"model":"m","messages":[{"role":"user","content":{{new string('[', 10_000)}}{{new string(']', 10_000)}}}]}""");
        yield return ("100,000 messages", "{\"model\":\"m\",\"max_tokens\":1,\"messages\":[" + string.Join(',', Enumerable.Repeat("{\"role\":\"user\",\"content\":\"x\"}", 100_000)) + "]}");
        yield return ("1 MB content", $$"""{"model":"m","messages":[{"role":"user","content":"{{string.Concat(Enumerable.Repeat("word ", 200_000))}}"}]}""");
        yield return ("max_tokens 2^31-1", Chat(string.Empty).Replace("\"max_tokens\":3", "\"max_tokens\":2147483647", StringComparison.Ordinal));
        yield return ("max_tokens 10^30", Chat(string.Empty).Replace("\"max_tokens\":3", "\"max_tokens\":1000000000000000000000000000000", StringComparison.Ordinal));
        yield return ("max_tokens 1.5", Chat(string.Empty).Replace("\"max_tokens\":3", "\"max_tokens\":1.5", StringComparison.Ordinal));
        yield return ("max_tokens 1e400", Chat(string.Empty).Replace("\"max_tokens\":3", "\"max_tokens\":1e400", StringComparison.Ordinal));
        yield return ("n 10^9", Chat(",\"n\":1000000000"));
        yield return ("n -1", Chat(",\"n\":-1"));
        yield return ("n 128 × max_tokens 100,000", """{"model":"m","messages":[{"role":"user","content":"hi"}],"n":128,"max_tokens":100000,"stream":true}""");
        yield return ("seed 2^64", Chat(",\"seed\":18446744073709551616"));
        yield return ("seed -2^63", Chat(",\"seed\":-9223372036854775808"));
        yield return ("10,000 stop strings", Chat(",\"stop\":[" + string.Join(',', Enumerable.Range(0, 10_000).Select(i => $"\"s{i}\"")) + "]"));
        yield return ("100 KB stop string", Chat($",\"stop\":\"{new string('x', 100_000)}\""));
        yield return ("min_tokens 2^31-1", Chat(",\"min_tokens\":2147483647"));
        yield return ("1 MB model id", $$"""{"model":"{{new string('m', 1_000_000)}}","messages":[{"role":"user","content":"hi"}]}""");
        yield return ("model id with path tricks", """{"model":"../../etc/passwd\u0000","messages":[{"role":"user","content":"hi"}],"max_tokens":1}""");
        yield return ("emoji and RTL", """{"model":"m","messages":[{"role":"user","content":"😀‮ab​c"}],"max_tokens":2}""");
        yield return ("messages of numbers", """{"model":"m","messages":[1,2]}""");
        yield return ("null message", """{"model":"m","messages":[null]}""");
        yield return ("content object", """{"model":"m","messages":[{"role":"user","content":{"a":1}}]}""");
        yield return ("content parts of wrong types", """{"model":"m","messages":[{"role":"user","content":[{"type":"text","text":5},7,null]}]}""");
        yield return ("role number", """{"model":"m","messages":[{"role":1,"content":"hi"}]}""");
        yield return ("stream as string", Chat(",\"stream\":\"true\""));
        yield return ("stream_options number", Chat(",\"stream\":true,\"stream_options\":5"));
        yield return ("n as string", Chat(",\"n\":\"2\""));
        yield return ("max_tokens true", Chat(string.Empty).Replace("\"max_tokens\":3", "\"max_tokens\":true", StringComparison.Ordinal));
        yield return ("stop list of numbers", Chat(",\"stop\":[1,2]"));
        yield return ("streamed with usage", Chat(",\"stream\":true,\"stream_options\":{\"include_usage\":true}"));
    }

    private static IEnumerable<(string, byte[])> CompletionBodies()
    {
        yield return ("invalid UTF-8", [.. Bytes("{\"model\":\"m\",\"prompt\":\""), 0xFF, 0xFE, 0xC3, .. Bytes("\"}")]);
        yield return ("100,000 token ids", Bytes("{\"model\":\"m\",\"max_tokens\":1,\"prompt\":[" + string.Join(',', Enumerable.Range(0, 100_000)) + "]}"));
        yield return ("negative and huge token ids", Bytes("""{"model":"m","max_tokens":1,"prompt":[-1,2147483647,0]}"""));
        yield return ("token id 2^40", Bytes("""{"model":"m","max_tokens":1,"prompt":[1099511627776]}"""));
        yield return ("10,000 prompts", Bytes("{\"model\":\"m\",\"max_tokens\":1,\"prompt\":[" + string.Join(',', Enumerable.Repeat("\"p\"", 10_000)) + "]}"));
        yield return ("16 prompts × n 128 × 100,000 tokens", Bytes("{\"model\":\"m\",\"prompt\":[" + string.Join(',', Enumerable.Repeat("\"p\"", 16)) + "],\"n\":128,\"max_tokens\":100000}"));
        yield return ("mixed prompt list", Bytes("""{"model":"m","prompt":[[1,"a"],"b"]}"""));
        yield return ("empty prompt list", Bytes("""{"model":"m","prompt":[]}"""));
        yield return ("echo of a 4,000-prompt list", Bytes("{\"model\":\"m\",\"max_tokens\":1,\"echo\":true,\"prompt\":[" + string.Join(',', Enumerable.Repeat("\"p\"", 4000)) + "]}"));
        yield return ("max_tokens zero", Bytes("""{"model":"m","prompt":"hi","max_tokens":0}"""));
    }

    private static IEnumerable<(string, byte[])> EmbeddingBodies()
    {
        yield return ("100,000 inputs", Bytes("{\"model\":\"m\",\"input\":[" + string.Join(',', Enumerable.Repeat("\"x\"", 100_000)) + "]}"));
        yield return ("2,049 inputs", Bytes("{\"model\":\"m\",\"input\":[" + string.Join(',', Enumerable.Repeat("\"x\"", 2049)) + "]}"));
        yield return ("2,048 inputs × 64 dimensions", Bytes("{\"model\":\"m\",\"dimensions\":64,\"input\":[" + string.Join(',', Enumerable.Repeat("\"x\"", 2048)) + "]}"));
        yield return ("more than 300,000 tokens", Bytes("{\"model\":\"m\",\"input\":[" + string.Join(',', Enumerable.Repeat("[" + string.Join(',', Enumerable.Range(0, 500)) + "]", 700)) + "]}"));
        yield return ("dimensions 10^9", Bytes("""{"model":"m","input":"x","dimensions":1000000000}"""));
        yield return ("dimensions -1", Bytes("""{"model":"m","input":"x","dimensions":-1}"""));
        yield return ("dimensions as string", Bytes("""{"model":"m","input":"x","dimensions":"10"}"""));
        yield return ("encoding_format number", Bytes("""{"model":"m","input":"x","encoding_format":5}"""));
        yield return ("input object", Bytes("""{"model":"m","input":{}}"""));
        yield return ("input nested three deep", Bytes("""{"model":"m","input":[[[1]]]}"""));
        yield return ("empty string input", Bytes("""{"model":"m","input":""}"""));
        yield return ("input beyond the context window", Bytes($$"""{"model":"text-embedding-3-small","input":"{{string.Concat(Enumerable.Repeat("word ", 9000))}}"}"""));
        yield return ("base64 with 2,048 inputs", Bytes("{\"model\":\"m\",\"dimensions\":64,\"encoding_format\":\"base64\",\"input\":[" + string.Join(',', Enumerable.Repeat("\"x\"", 2048)) + "]}"));
    }

    private static IEnumerable<(string, byte[])> AuthVariants()
    {
        var body = Chat(string.Empty);
        byte[] With(string header) => Bytes(RawHttp.Request("POST", "/v1/chat/completions", body, header));
        yield return ("auth: none", With(string.Empty));
        yield return ("auth: empty header", With("Authorization: \r\n"));
        yield return ("auth: scheme only", With("Authorization: Bearer\r\n"));
        yield return ("auth: wrong scheme", With("Authorization: Basic " + Convert.ToBase64String(Encoding.ASCII.GetBytes("a:" + HostileServerFixture.Key)) + "\r\n"));
        yield return ("auth: key with suffix", With("Authorization: Bearer " + HostileServerFixture.Key + "x\r\n"));
        yield return ("auth: key prefix", With("Authorization: Bearer " + HostileServerFixture.Key[..^1] + "\r\n"));
        yield return ("auth: two headers", With("Authorization: Bearer wrong\r\nAuthorization: Bearer " + HostileServerFixture.Key + "\r\n"));
        yield return ("auth: 64 KB key", With("Authorization: Bearer " + new string('k', 64 * 1024) + "\r\n"));
        yield return ("auth: non-ASCII key", [.. Bytes("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer "), 0xE2, 0x82, 0xAC, 0xFF, .. Bytes($"\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n{body}")]);
        yield return ("auth: api-key header instead", With("api-key: " + HostileServerFixture.Key + "\r\n"));
        yield return ("auth: upper-case path", Bytes(RawHttp.Request("POST", "/V1/CHAT/COMPLETIONS", body)));
    }

    private static IEnumerable<(string, string)> ResponsesBodies()
    {
        yield return ("input null", """{"model":"m","input":null}""");
        yield return ("input object", """{"model":"m","input":{"role":"user"}}""");
        yield return ("input item null", """{"model":"m","input":[null]}""");
        yield return ("input item string", """{"model":"m","input":["hi"]}""");
        yield return ("role number", """{"model":"m","input":[{"role":1,"content":"hi"}]}""");
        yield return ("role huge", $$"""{"model":"m","input":[{"role":"{{new string('r', 100_000)}}","content":"hi"}]}""");
        yield return ("content object", """{"model":"m","input":[{"role":"user","content":{"text":"hi"}}]}""");
        yield return ("content part without type", """{"model":"m","input":[{"role":"user","content":[{"text":"hi"}]}]}""");
        yield return ("image_url number", """{"model":"m","input":[{"role":"user","content":[{"type":"input_image","image_url":5}]}]}""");
        yield return ("garbage data URL image", """{"model":"m","input":[{"role":"user","content":[{"type":"input_image","image_url":"data:image/png;base64,!!!!"}]}]}""");
        yield return ("unknown item types", """{"model":"m","input":[{"type":"frobnicate"},{"type":"reasoning","summary":[]},{"type":"function_call_output","output":7}]}""");
        yield return ("10,000 items", """{"model":"m","max_output_tokens":1,"input":[""" + string.Join(',', Enumerable.Repeat("""{"role":"user","content":"hi"}""", 10_000)) + "]}");
        yield return ("deep nesting in an ignored field", """{"model":"m","input":"hi","tools":""" + new string('[', 2000) + new string(']', 2000) + "}");
        yield return ("previous_response_id number", """{"model":"m","input":"hi","previous_response_id":5}""");
        yield return ("previous_response_id huge", $$"""{"model":"m","input":"hi","previous_response_id":"{{new string('x', 100_000)}}"}""");
        yield return ("reasoning string", """{"model":"m","input":"hi","reasoning":"high"}""");
        yield return ("store string", """{"model":"m","input":"hi","store":"yes"}""");
        yield return ("max_output_tokens negative", """{"model":"m","input":"hi","max_output_tokens":-5}""");
        yield return ("max_output_tokens 2^31", """{"model":"m","input":"hi","max_output_tokens":2147483648}""");
        yield return ("max_output_tokens float", """{"model":"m","input":"hi","max_output_tokens":1.5}""");
        yield return ("seed out of range", """{"model":"m","input":"hi","seed":1e40}""");
    }

    private static IEnumerable<(string, string)> MessagesBodies()
    {
        yield return ("max_tokens missing", """{"model":"m","messages":[{"role":"user","content":"hi"}]}""");
        yield return ("max_tokens string", """{"model":"m","max_tokens":"5","messages":[{"role":"user","content":"hi"}]}""");
        yield return ("max_tokens negative", """{"model":"m","max_tokens":-1,"messages":[{"role":"user","content":"hi"}]}""");
        yield return ("max_tokens 2^31", """{"model":"m","max_tokens":2147483648,"messages":[{"role":"user","content":"hi"}]}""");
        yield return ("messages null", """{"model":"m","max_tokens":5,"messages":null}""");
        yield return ("messages object", """{"model":"m","max_tokens":5,"messages":{"role":"user"}}""");
        yield return ("message null", """{"model":"m","max_tokens":5,"messages":[null]}""");
        yield return ("role number", """{"model":"m","max_tokens":5,"messages":[{"role":1,"content":"hi"}]}""");
        yield return ("content number", """{"model":"m","max_tokens":5,"messages":[{"role":"user","content":7}]}""");
        yield return ("block without type", """{"model":"m","max_tokens":5,"messages":[{"role":"user","content":[{"text":"hi"}]}]}""");
        yield return ("unknown block types", """{"model":"m","max_tokens":5,"messages":[{"role":"user","content":[{"type":"frobnicate"},{"type":"tool_result","content":5}]}]}""");
        yield return ("image source garbage", """{"model":"m","max_tokens":5,"messages":[{"role":"user","content":[{"type":"image","source":{"type":"base64","data":"!!!!"}}]}]}""");
        yield return ("system object", """{"model":"m","max_tokens":5,"system":{"text":"x"},"messages":[{"role":"user","content":"hi"}]}""");
        yield return ("stop_sequences number", """{"model":"m","max_tokens":5,"stop_sequences":5,"messages":[{"role":"user","content":"hi"}]}""");
        yield return ("thinking string", """{"model":"m","max_tokens":5,"thinking":"on","messages":[{"role":"user","content":"hi"}]}""");
        yield return ("budget_tokens negative", """{"model":"m","max_tokens":5,"thinking":{"type":"enabled","budget_tokens":-5},"messages":[{"role":"user","content":"hi"}]}""");
        yield return ("tools not a list", """{"model":"m","max_tokens":5,"tools":{"name":"f"},"messages":[{"role":"user","content":"hi"}]}""");
        yield return ("tool without schema", """{"model":"m","max_tokens":5,"tools":[{"name":"f"}],"messages":[{"role":"user","content":"hi"}]}""");
        yield return ("10,000 messages", """{"model":"m","max_tokens":1,"messages":[""" + string.Join(',', Enumerable.Repeat("""{"role":"user","content":"hi"}""", 10_000)) + "]}");
    }

    /// <summary>Invalid UTF-8 and unpaired surrogate escapes in every field the server keeps as raw JSON and reads later.</summary>
    private static IEnumerable<(string, string, byte[])> BadTextBodies()
    {
        byte[] invalidUtf8 = [(byte)'a', 0xC3, 0x28, (byte)'b'];
        byte[] encodedSurrogate = [0xFF, 0xFE, 0xED, 0xA0, 0x80]; // bytes the fuzzer found: never valid UTF-8
        foreach (var (name, text) in new[] { ("invalid UTF-8", invalidUtf8), ("encoded surrogate", encodedSurrogate), ("lone surrogates", Bytes("\\udc00\\ud800")) })
        {
            byte[] Body(string before, string after) => [.. Bytes(before), .. text, .. Bytes(after)];
            yield return ($"messages content, {name}", "/v1/messages", Body("{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\" ", "\"}]}"));
            yield return ($"messages text block, {name}", "/v1/messages", Body("{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\" ", "\"}]}]}"));
            yield return ($"messages system, {name}", "/v1/messages", Body("{\"model\":\"m\",\"max_tokens\":5,\"system\":\" ", "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
            yield return ($"messages tool name, {name}", "/v1/messages", Body("{\"model\":\"m\",\"max_tokens\":5,\"tools\":[{\"name\":\" ", "\",\"input_schema\":{\"type\":\"object\"}}],\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
            yield return ($"chat tool name, {name}", "/v1/chat/completions", Body("{\"model\":\"m\",\"max_tokens\":5,\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\" ", "\"}}],\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
            yield return ($"chat schema property, {name}", "/v1/chat/completions", Body("{\"model\":\"m\",\"max_tokens\":5,\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"s\",\"schema\":{\"type\":\"object\",\"properties\":{\" ", "\":{\"type\":\"string\"}}}}},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
            yield return ($"responses tool name, {name}", "/v1/responses", Body("{\"model\":\"m\",\"max_output_tokens\":5,\"input\":\"hi\",\"tools\":[{\"type\":\"function\",\"name\":\" ", "\"}]}"));
            yield return ($"responses input, {name}", "/v1/responses", Body("{\"model\":\"m\",\"max_output_tokens\":5,\"input\":\" ", "\"}"));
        }
    }

    private static IEnumerable<(string, string)> RankingBodies()
    {
        yield return ("query missing", """{"model":"m","passages":[{"text":"a"}],"documents":["a"]}""");
        yield return ("query number", """{"model":"m","query":5,"passages":[{"text":"a"}],"documents":["a"]}""");
        yield return ("passages null", """{"model":"m","query":{"text":"q"},"passages":null,"documents":null}""");
        yield return ("passages empty", """{"model":"m","query":"q","passages":[],"documents":[]}""");
        yield return ("passage number", """{"model":"m","query":{"text":"q"},"passages":[5],"documents":[5]}""");
        yield return ("top_n negative", """{"model":"m","query":"q","documents":["a"],"top_n":-1}""");
        yield return ("100,000 passages", """{"model":"m","query":{"text":"q"},"query_text":"q","passages":[""" + string.Join(',', Enumerable.Repeat("""{"text":"a"}""", 100_000)) + """],"documents":[""" + string.Join(',', Enumerable.Repeat("\"a\"", 100_000)) + "]}");
    }

    private static IEnumerable<(string, string)> TokenizerBodies()
    {
        yield return ("tokenize prompt number", """{"model":"m","prompt":5}""");
        yield return ("tokenize prompt huge", $$"""{"model":"m","prompt":"{{new string('a', 1_000_000)}}"}""");
        yield return ("detokenize tokens string", """{"model":"m","tokens":"1,2"}""");
        yield return ("detokenize token float", """{"model":"m","tokens":[1.5]}""");
        yield return ("detokenize token 2^40", """{"model":"m","tokens":[1099511627776]}""");
        yield return ("detokenize 1,000,000 tokens", """{"model":"m","tokens":[""" + string.Join(',', Enumerable.Repeat("1", 1_000_000)) + "]}");
    }

    private static IEnumerable<(string, byte[])> EveryEndpoint()
    {
        string[] paths = ["/v1/chat/completions", "/v1/completions", "/v1/responses", "/v1/responses/resp_x", "/v1/embeddings", "/v1/models", "/v1/models/gpt-4o", "/v1/messages", "/v1/ranking", "/v1/rerank", "/v2/rerank", "/tokenize", "/detokenize", "/health", "/kv-cache/metrics", "/", "/v1", "/v1/"];
        string[] methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"];
        foreach (var path in paths)
        {
            foreach (var method in methods)
            {
                yield return (string.Create(CultureInfo.InvariantCulture, $"{method} {path} with a junk body"), Bytes(RawHttp.Request(method, path, "{\"junk\":[1,2,{}]}", Auth)));
            }
        }
    }

    private static byte[] RandomBytes(int count, int seed)
    {
        var bytes = new byte[count];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
