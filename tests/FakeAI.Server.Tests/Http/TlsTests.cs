using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace FakeAI.Server.Tests.Http;

/// <summary>https with a PEM certificate and key; HTTP/2 for clients that ask for it (ALPN).</summary>
public sealed class TlsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("fakeai-tls-").FullName;
    private readonly X509Certificate2 _certificate;
    private readonly string _certFile;
    private readonly string _keyFile;

    public TlsTests()
    {
        // A fresh self-signed certificate per run: nothing checked in can expire.
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        _certFile = Path.Combine(_directory, "cert.pem");
        _keyFile = Path.Combine(_directory, "key.pem");
        File.WriteAllText(_certFile, _certificate.ExportCertificatePem());
        File.WriteAllText(_keyFile, key.ExportPkcs8PrivateKeyPem());
    }

    public void Dispose()
    {
        _certificate.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private HttpClient TrustingClient(FakeAIServer server) => new(new SocketsHttpHandler
    {
        SslOptions = { RemoteCertificateValidationCallback = (_, cert, _, _) => cert is not null && cert.GetCertHashString() == _certificate.Thumbprint },
    })
    { BaseAddress = server.Url, Timeout = TimeSpan.FromSeconds(30) };

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Serves_https_over_http1_and_http2(int major)
    {
        await using var server = await TestServers.StartAsync(o => { o.SslCertFile = _certFile; o.SslKeyFile = _keyFile; });
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
        await using var server = await TestServers.StartAsync(o => { o.SslCertFile = _certFile; o.SslKeyFile = _keyFile; });
        using var client = TestServers.Client(server);

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("/health"));
    }

    [Fact]
    public async Task Cert_without_key_missing_files_and_bad_PEM_are_refused_at_startup()
    {
        var garbage = Path.Combine(_directory, "garbage.pem");
        File.WriteAllText(garbage, "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n");

        var half = new FakeAIServerOptions { SslCertFile = _certFile };
        var missing = new FakeAIServerOptions { SslCertFile = Path.Combine(_directory, "none.pem"), SslKeyFile = _keyFile };

        Assert.Contains(half.Validate(), e => e.Contains("give both", StringComparison.Ordinal));
        Assert.Contains(missing.Validate(), e => e.Contains("does not exist", StringComparison.Ordinal));
        var error = await Assert.ThrowsAsync<ArgumentException>(() => TestServers.StartAsync(o => { o.SslCertFile = garbage; o.SslKeyFile = _keyFile; }));
        Assert.Contains("ssl-certfile", error.Message, StringComparison.Ordinal);
    }
}
