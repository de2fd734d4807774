namespace FakeAI.Server.Tests.Hostile;

/// <summary>
/// Every spelling of a protected route that routing accepts must also be guarded: the key check decides by the matched
/// endpoint, not by comparing path strings.
/// </summary>
public sealed class AuthPathTests
{
    private const string Key = "sk-test";
    private const string Chat = """{"model":"m","messages":[{"role":"user","content":"hi"}],"max_tokens":2}""";
    private const string Completion = """{"model":"m","prompt":"hi","max_tokens":2}""";
    private const string Embedding = """{"model":"m","input":"hi"}""";
    private const string Response = """{"model":"m","input":"hi","max_output_tokens":2}""";
    private const string Message = """{"model":"m","max_tokens":2,"messages":[{"role":"user","content":"hi"}]}""";
    private const string Ranking = """{"model":"m","query":{"text":"q"},"passages":[{"text":"a"},{"text":"b"}]}""";
    private const string Rerank = """{"model":"m","query":"q","documents":["a","b"]}""";
    private const string Tokenize = """{"model":"m","prompt":"hi"}""";
    private const string Detokenize = """{"model":"m","tokens":[1,2]}""";

    // (method, path, body)
    private static readonly (string Method, string Path, string? Body)[] Routes =
    [
        ("POST", "/v1/chat/completions", Chat),
        ("POST", "/v1/completions", Completion),
        ("POST", "/v1/embeddings", Embedding),
        ("GET", "/v1/models", null),
        ("GET", "/v1/models/gpt-4o", null),
        ("GET", "/v1/models/meta-llama/Llama-3.1-8B-Instruct", null),
        ("POST", "/v1/responses", Response),
        ("POST", "/v1/messages", Message),
        ("POST", "/v1/ranking", Ranking),
        ("POST", "/v1/rerank", Rerank),
        ("POST", "/v2/rerank", Rerank),
        ("POST", "/tokenize", Tokenize),
        ("POST", "/detokenize", Detokenize),
    ];

    private static IEnumerable<string> Spellings(string path)
    {
        // The first segment ("/v1", "/v2", "/tokenize") and the rest, so every route gets the same kinds of spelling.
        var cut = path.IndexOf('/', 1) is var i and > 0 ? i : path.Length;
        var (head, rest) = (path[..cut], path[cut..]);
        var escapedHead = "/" + string.Concat(head[1..].Select(c => $"%{(int)c:x2}"));
        yield return path;
        yield return path.ToUpperInvariant();
        yield return head.ToUpperInvariant() + rest;
        yield return string.Concat(path.Select((c, i) => i % 2 == 0 ? char.ToUpperInvariant(c) : c));
        yield return head + "/." + rest;
        yield return "/x/.." + path;
        yield return head + "/./.." + path;
        yield return "/%2e" + path;
        yield return head + "/%2E%2E" + path;
        yield return escapedHead + rest;
        yield return rest.Length > 0 ? head + "%2F" + rest[1..] : path + "%2F";
        yield return path.Replace("/", "%2F", StringComparison.Ordinal);
        yield return "/" + path[1..].Replace("/", "%2f", StringComparison.Ordinal);
        yield return "//" + path[1..];
        yield return path.Replace("/", "//", StringComparison.Ordinal);
        yield return path + "/";
        yield return path + "?x=1";
        yield return path + "%00";
        yield return path + "#frag";
        yield return "http://localhost" + path;
    }

    [Fact]
    public async Task Every_spelling_of_every_protected_route_needs_the_key()
    {
        await using var server = await TestServers.StartAsync(o => o.ApiKeys = [Key]);
        var routed = 0;
        var failures = new List<string>();
        foreach (var (method, path, body) in Routes)
        {
            foreach (var spelling in Spellings(path).Distinct())
            {
                var (withKey, _) = await RawHttp.SendAsync(server.Url, RawHttp.Request(method, spelling, body, $"Authorization: Bearer {Key}\r\n"));
                var (without, response) = await RawHttp.SendAsync(server.Url, RawHttp.Request(method, spelling, body));
                var (wrongKey, _) = await RawHttp.SendAsync(server.Url, RawHttp.Request(method, spelling, body, "Authorization: Bearer sk-wrong\r\n"));
                if (withKey is >= 200 and < 300)
                {
                    routed++;
                    if (without != 401 || wrongKey != 401)
                    {
                        failures.Add($"{method} {spelling}: routed with the key, {without} without it, {wrongKey} with a wrong one");
                    }
                }
                else if (without is >= 200 and < 300 or >= 500 or 0)
                {
                    failures.Add($"{method} {spelling}: {without} without a key: {response.Split('\n')[0]}");
                }
            }
        }

        Assert.Empty(failures);

        // Case variants and dot segments do route (every route × at least 7 spellings), so the check above is not vacuous.
        Assert.True(routed >= Routes.Length * 7, $"only {routed} spellings routed");
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/HEALTH")]
    [InlineData("/metrics")]
    [InlineData("/kv-cache/metrics")]
    public async Task Operational_endpoints_stay_open(string path)
    {
        await using var server = await TestServers.StartAsync(o => o.ApiKeys = [Key]);

        var (status, _) = await RawHttp.SendAsync(server.Url, RawHttp.Request("GET", path));

        Assert.Equal(200, status);
    }
}
