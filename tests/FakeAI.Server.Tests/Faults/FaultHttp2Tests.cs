using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace FakeAI.Server.Tests.Faults;

/// <summary>Mid-stream faults over HTTP/2 (https with ALPN): the faulted stream is reset, the connection lives on.</summary>
public sealed class FaultHttp2Tests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("fakeai-faults-tls-").FullName;
    private readonly X509Certificate2 _certificate;
    private readonly string _certFile;
    private readonly string _keyFile;

    public FaultHttp2Tests()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
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

    [Theory]
    [InlineData("disconnect;after=3")]
    [InlineData("truncated-json;after=3")]
    public async Task The_faulted_stream_is_reset_after_at_most_k_tokens_and_the_next_request_uses_the_same_connection(string fault)
    {
        await using var server = await TestServers.StartAsync(o => { o.SslCertFile = _certFile; o.SslKeyFile = _keyFile; o.Itl = LatencySpec.Exact(20); });
        var connections = 0;
        using var client = new HttpClient(new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, cert, _, _) => cert is not null && cert.GetCertHashString() == _certificate.Thumbprint },
            ConnectCallback = async (context, token) =>
            {
                Interlocked.Increment(ref connections);
                var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
                await socket.ConnectAsync(context.DnsEndPoint, token);
                return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
            },
        })
        { BaseAddress = server.Url };

        using var faulted = Http2(FaultClient.Request(FaultClient.Chat, FaultClient.ChatBody(20, stream: true), fault));
        using var response = await client.SendAsync(faulted, HttpCompletionOption.ResponseHeadersRead);
        var text = new StringBuilder();
        var error = await Record.ExceptionAsync(async () =>
        {
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            var buffer = new char[1024];
            int read;
            while ((read = await reader.ReadAsync(buffer)) > 0)
            {
                text.Append(buffer, 0, read);
            }
        });
        using var next = Http2(FaultClient.Request(FaultClient.Chat, FaultClient.ChatBody(5, stream: true), null));
        using var nextResponse = await client.SendAsync(next);
        var nextBody = await nextResponse.Content.ReadAsStringAsync();

        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.IsType<HttpIOException>(error, exactMatch: false);
        // The client drops data it has not read yet when the reset arrives, so a busy reader sees fewer (never more) tokens.
        Assert.InRange(new FaultClient.Received(response.StatusCode, response.Headers, text.ToString(), [], error, TimeSpan.Zero).ContentChunks, 0, 3);
        Assert.EndsWith("data: [DONE]\n\n", nextBody, StringComparison.Ordinal);
        Assert.Equal(1, connections);
    }

    private static HttpRequestMessage Http2(HttpRequestMessage request)
    {
        request.Version = HttpVersion.Version20;
        request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
        return request;
    }
}
