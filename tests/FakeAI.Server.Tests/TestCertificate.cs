using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace FakeAI.Server.Tests;

/// <summary>
/// A fresh self-signed certificate for 127.0.0.1 and localhost, written as PEM files for <c>--ssl-certfile/--ssl-keyfile</c>
/// (nothing checked in can expire), and the validation callback of a client that trusts exactly it.
/// </summary>
internal sealed class TestCertificate : IDisposable
{
    public TestCertificate()
    {
        Folder = Directory.CreateTempSubdirectory("fakeai-tls-").FullName;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        Certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        CertFile = Path.Combine(Folder, "cert.pem");
        KeyFile = Path.Combine(Folder, "key.pem");
        File.WriteAllText(CertFile, Certificate.ExportCertificatePem());
        File.WriteAllText(KeyFile, key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>The temporary folder holding the files, deleted with this object (tests may put files of their own there).</summary>
    public string Folder { get; }

    public X509Certificate2 Certificate { get; }

    public string CertFile { get; }

    public string KeyFile { get; }

    /// <summary>Accepts this certificate and nothing else.</summary>
    public bool Trusts(X509Certificate? presented) => presented is not null && presented.GetCertHashString() == Certificate.Thumbprint;

    public void Dispose()
    {
        Certificate.Dispose();
        Directory.Delete(Folder, recursive: true);
    }
}
