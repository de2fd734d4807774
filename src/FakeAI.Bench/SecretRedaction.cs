namespace FakeAI.Bench;

/// <summary>
/// Keeps credentials out of what a run writes (console command line, exported configs): header and parameter names
/// that look like credentials, and the user info of URLs, are shown as <see cref="Mask"/>.
/// </summary>
public static class SecretRedaction
{
    public const string Mask = "***";

    private static readonly string[] SecretWords = ["key", "token", "secret", "auth", "password", "passwd", "cookie", "credential", "signature"];

    /// <summary>True for names such as <c>Authorization</c>, <c>x-api-key</c>, <c>X-Auth-Token</c>, <c>client_secret</c>.</summary>
    public static bool IsSecretName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return SecretWords.Any(w => name.Contains(w, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary><c>Name:Value</c> with the value masked when the name looks like a credential.</summary>
    public static string Header(string nameColonValue)
    {
        ArgumentNullException.ThrowIfNull(nameColonValue);
        var colon = nameColonValue.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && IsSecretName(nameColonValue[..colon]) ? nameColonValue[..(colon + 1)] + Mask : nameColonValue;
    }

    /// <summary>The URL with <c>user:password@</c> and credential-like query values masked; anything else unchanged.</summary>
    public static string Url(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        var authorityStart = scheme < 0 ? 0 : scheme + 3;
        var authorityEnd = url.IndexOfAny(['/', '?', '#'], authorityStart);
        var at = url.LastIndexOf('@', authorityEnd < 0 ? url.Length - 1 : authorityEnd - 1);
        if (at >= authorityStart)
        {
            url = url[..authorityStart] + Mask + url[at..];
        }

        var query = url.IndexOf('?', StringComparison.Ordinal);
        if (query < 0)
        {
            return url;
        }

        var fragment = url.IndexOf('#', query);
        var end = fragment < 0 ? url.Length : fragment;
        var parameters = url[(query + 1)..end].Split('&').Select(p =>
        {
            var equals = p.IndexOf('=', StringComparison.Ordinal);
            return equals > 0 && IsSecretName(p[..equals]) ? p[..(equals + 1)] + Mask : p;
        });
        return url[..(query + 1)] + string.Join('&', parameters) + url[end..];
    }
}
