using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace FakeAI.Bench.Client;

/// <summary>
/// Which server certificates an https run accepts: the system's trusted roots (default), the roots in a CA file
/// (<c>--ca-file</c>, for self-signed or private CAs), or any (<c>--insecure</c>). A failed handshake becomes an
/// <see cref="AuthenticationException"/> whose message says what was wrong (untrusted chain, wrong name, not TLS at all)
/// and how to fix it, so the request's error row explains itself.
/// </summary>
internal sealed class TlsTrust
{
    private readonly X509Certificate2Collection? _roots;
    private readonly bool _insecure;

    private TlsTrust(X509Certificate2Collection? roots, bool insecure)
    {
        _roots = roots;
        _insecure = insecure;
    }

    public static TlsTrust System { get; } = new(null, false);

    public static TlsTrust Insecure { get; } = new(null, true);

    /// <summary>Trusts exactly the certificates of a PEM (or DER) file as roots. Throws for an unreadable file.</summary>
    public static TlsTrust FromCaFile(string path)
    {
        var roots = new X509Certificate2Collection();
        roots.ImportFromPemFile(path);
        if (roots.Count == 0)
        {
            roots.Add(X509CertificateLoader.LoadCertificateFromFile(path));
        }

        return new TlsTrust(roots, false);
    }

    public async Task AuthenticateAsync(SslStream ssl, string host, CancellationToken cancellationToken)
    {
        var errors = SslPolicyErrors.None;
        var chainStatus = "";
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = host,
            ApplicationProtocols = [SslApplicationProtocol.Http11],
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            RemoteCertificateValidationCallback = (_, _, chain, policyErrors) =>
            {
                errors = policyErrors;
                chainStatus = chain is null ? "" : string.Join(", ", chain.ChainStatus.Select(s => s.Status).Distinct());
                return _insecure || policyErrors == SslPolicyErrors.None;
            },
        };
        if (_roots is not null)
        {
            // The chain is built against these roots only (not the system store), without revocation lookups.
            var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
            policy.CustomTrustStore.AddRange(_roots);
            options.CertificateChainPolicy = policy;
        }

        try
        {
            await ssl.AuthenticateAsClientAsync(options, cancellationToken).ConfigureAwait(false);
        }
        catch (AuthenticationException e) when (errors != SslPolicyErrors.None)
        {
            throw new AuthenticationException(Describe(host, errors, chainStatus), e);
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            // No certificate to judge: the peer did not complete a TLS handshake (e.g. https to a plain-HTTP port).
            throw new AuthenticationException($"TLS handshake with {host} failed: {e.Message} (is the server speaking https on this port?)", e);
        }
    }

    private string Describe(string host, SslPolicyErrors errors, string chainStatus)
    {
        var reasons = new List<string>();
        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            reasons.Add($"the certificate is not valid for the name '{host}'");
        }

        if ((errors & SslPolicyErrors.RemoteCertificateChainErrors) != 0)
        {
            reasons.Add("the certificate is not trusted" + (chainStatus.Length > 0 ? $" ({chainStatus})" : "") + (_roots is null ? "; pass its CA with --ca-file" : " by --ca-file"));
        }

        if ((errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
        {
            reasons.Add("the server sent no certificate");
        }

        return $"TLS handshake with {host} failed: {string.Join("; ", reasons)} (or skip verification with --insecure)";
    }
}
