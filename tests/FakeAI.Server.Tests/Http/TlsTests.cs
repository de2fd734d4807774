using System.Net;

namespace FakeAI.Server.Tests.Http;

/// <summary>https with a PEM certificate and key; HTTP/2 for clients that ask for it (ALPN).</summary>
public sealed class TlsTests : IDisposable
{
    private readonly TestCertificate _tls = new();

    public void Dispose() => _tls.Dispose();

    private HttpClient TrustingClient(FakeAIServer server) => new(new SocketsHttpHandler
    {
        SslOptions = { RemoteCertificateValidationCallback = (_, cert, _, _) => _tls.Trusts(cert) },
    })
    { BaseAddress = server.Url, Timeout = TimeSpan.FromSeconds(30) };

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Serves_https_over_http1_and_http2(int major)
    {
        await using var server = await TestServers.StartAsync(o => { o.SslCertFile = _tls.CertFile; o.SslKeyFile = _tls.KeyFile; });
        using var client = TrustingClient(server);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = TestServers.Json("""{"model":"m","messages":[{"role":"user","content":"hi"}],"max_tokens":5,"stream":true}"""),
            Version = new Version(major, major == 1 ? 1 : 0),
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };

        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal("https", server.Url.Scheme);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(major, response.Version.Major);
        Assert.EndsWith("data: [DONE]\n\n", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_that_does_not_trust_the_certificate_fails_the_handshake()
    {
        await using var server = await TestServers.StartAsync(o => { o.SslCertFile = _tls.CertFile; o.SslKeyFile = _tls.KeyFile; });
        using var client = TestServers.Client(server);

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("/health"));
    }

    [Fact]
    public async Task Cert_without_key_missing_files_and_bad_PEM_are_refused_at_startup()
    {
        var garbage = Path.Combine(_tls.Folder, "garbage.pem");
        File.WriteAllText(garbage, "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n");

        var half = new FakeAIServerOptions { SslCertFile = _tls.CertFile };
        var missing = new FakeAIServerOptions { SslCertFile = Path.Combine(_tls.Folder, "none.pem"), SslKeyFile = _tls.KeyFile };

        Assert.Contains(half.Validate(), e => e.Contains("give both", StringComparison.Ordinal));
        Assert.Contains(missing.Validate(), e => e.Contains("does not exist", StringComparison.Ordinal));
        var error = await Assert.ThrowsAsync<ArgumentException>(() => TestServers.StartAsync(o => { o.SslCertFile = garbage; o.SslKeyFile = _tls.KeyFile; }));
        Assert.Contains("ssl-certfile", error.Message, StringComparison.Ordinal);
    }
}
