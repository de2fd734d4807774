using System.Net;
using System.Text;

namespace FakeAI.Server.Tests.Faults;

/// <summary>Mid-stream faults over HTTP/2 (https with ALPN): the faulted stream is reset, the connection lives on.</summary>
public sealed class FaultHttp2Tests : IDisposable
{
    private readonly TestCertificate _tls = new();

    public void Dispose() => _tls.Dispose();

    [Theory]
    [InlineData("disconnect;after=3")]
    [InlineData("truncated-json;after=3")]
    public async Task The_faulted_stream_is_reset_after_at_most_k_tokens_and_the_next_request_uses_the_same_connection(string fault)
    {
        await using var server = await TestServers.StartAsync(o => { o.SslCertFile = _tls.CertFile; o.SslKeyFile = _tls.KeyFile; o.Itl = LatencySpec.Exact(20); });
        var connections = 0;
        using var client = new HttpClient(new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, cert, _, _) => _tls.Trusts(cert) },
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
