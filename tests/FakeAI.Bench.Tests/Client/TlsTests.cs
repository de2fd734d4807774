using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FakeAI.Bench.Tests.Client;

/// <summary>https against a test Kestrel with a certificate made at run time: trusted through <c>--ca-file</c>, skipped with
/// <c>--insecure</c>, and every handshake failure (untrusted, wrong name, not TLS at all) a per-request error that says why.</summary>
public sealed class TlsTests
{
    private const string Body = "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"hello there\"}}]}";

    private static ProfileConfig Config(string url) => new()
    {
        Models = ["m"],
        Url = url,
        Concurrency = 2,
        RequestCount = 4,
        RequestCountSet = true,
        InputTokensMean = 10,
        ConversationNum = 2,
        RandomSeed = 1,
    };

    /// <summary>A self-signed certificate (its own CA) valid for <paramref name="dnsName"/> and, optionally, 127.0.0.1.</summary>
    private static X509Certificate2 SelfSigned(string dnsName, bool includeLoopback)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={dnsName}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(dnsName);
        if (includeLoopback)
        {
            names.AddIpAddress(IPAddress.Loopback);
        }

        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyCertSign, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }

    private static async Task<(WebApplication App, int Port)> StartHttpsAsync(X509Certificate2 certificate)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        var app = builder.Build();
        app.MapPost("/v1/chat/completions", () => Results.Text(Body, "application/json"));
        await app.StartAsync();
        return (app, new Uri(app.Urls.First()).Port);
    }

    private static string WritePem(X509Certificate2 certificate)
    {
        var path = Path.Combine(Path.GetTempPath(), "fakeai-ca-" + Guid.NewGuid().ToString("N") + ".pem");
        File.WriteAllText(path, certificate.ExportCertificatePem());
        return path;
    }

    [Fact]
    public async Task A_self_signed_server_fails_each_request_with_a_clear_message_and_works_with_its_ca_file_or_insecure()
    {
        using var certificate = SelfSigned("localhost", includeLoopback: true);
        var (app, port) = await StartHttpsAsync(certificate);
        await using var _ = app;
        var pem = WritePem(certificate);
        try
        {
            var url = $"https://127.0.0.1:{port}";
            var untrusted = await ProfileRunner.RunAsync(Config(url), null, CancellationToken.None);
            Assert.Equal(0, untrusted.SuccessCount);
            var entry = Assert.Single(untrusted.ErrorSummary);
            Assert.Equal(4, entry.Count);
            Assert.Equal("SSLError", entry.Details.Type);
            Assert.Contains("the certificate is not trusted", entry.Details.Message, StringComparison.Ordinal);
            Assert.Contains("--ca-file", entry.Details.Message, StringComparison.Ordinal);

            var trusted = await ProfileRunner.RunAsync(Config(url) with { CaFile = pem }, null, CancellationToken.None);
            Assert.Equal(4, trusted.SuccessCount);

            var insecure = await ProfileRunner.RunAsync(Config(url) with { Insecure = true }, null, CancellationToken.None);
            Assert.Equal(4, insecure.SuccessCount);
        }
        finally
        {
            File.Delete(pem);
        }
    }

    [Fact]
    public async Task A_certificate_for_another_name_is_rejected_even_with_its_ca_file()
    {
        using var certificate = SelfSigned("other.example", includeLoopback: false);
        var (app, port) = await StartHttpsAsync(certificate);
        await using var _ = app;
        var pem = WritePem(certificate);
        try
        {
            var result = await ProfileRunner.RunAsync(Config($"https://127.0.0.1:{port}") with { CaFile = pem }, null, CancellationToken.None);
            var entry = Assert.Single(result.ErrorSummary);
            Assert.Equal("SSLError", entry.Details.Type);
            Assert.Contains("not valid for the name '127.0.0.1'", entry.Details.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("not trusted", entry.Details.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(pem);
        }
    }

    [Fact]
    public async Task Https_to_a_plain_http_port_is_a_per_request_error()
    {
        await using var server = await FakeAI.Server.FakeAIServer.StartAsync(new FakeAI.Server.FakeAIServerOptions { Host = "127.0.0.1", Port = 0 });
        var result = await ProfileRunner.RunAsync(Config($"https://127.0.0.1:{server.Url.Port}"), null, CancellationToken.None);
        Assert.Equal(0, result.SuccessCount);
        var entry = Assert.Single(result.ErrorSummary);
        Assert.Equal("SSLError", entry.Details.Type);
        Assert.Contains("is the server speaking https on this port?", entry.Details.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_or_unreadable_ca_file_and_a_conflicting_insecure_are_config_errors()
    {
        var garbage = Path.GetTempFileName();
        try
        {
            File.WriteAllText(garbage, "not a certificate");
            Assert.Contains((Config("https://h") with { CaFile = "/nonexistent/ca.pem" }).Validate(), e => e.Contains("does not exist", StringComparison.Ordinal));
            Assert.Contains((Config("https://h") with { CaFile = garbage }).Validate(), e => e.Contains("holds no readable certificate", StringComparison.Ordinal));
            Assert.Contains((Config("https://h") with { CaFile = garbage, Insecure = true }).Validate(), e => e.Contains("cannot be used together", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(garbage);
        }
    }
}
