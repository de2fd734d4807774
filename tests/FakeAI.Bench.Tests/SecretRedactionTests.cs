namespace FakeAI.Bench.Tests;

public sealed class SecretRedactionTests
{
    [Theory]
    [InlineData("Authorization")]
    [InlineData("Proxy-Authorization")]
    [InlineData("x-api-key")]
    [InlineData("X-Auth-Token")]
    [InlineData("client_secret")]
    [InlineData("Cookie")]
    public void Credential_like_names_are_secret(string name) => Assert.True(SecretRedaction.IsSecretName(name));

    [Theory]
    [InlineData("Content-Type")]
    [InlineData("X-Request-Id")]
    [InlineData("Accept")]
    public void Ordinary_names_are_not(string name) => Assert.False(SecretRedaction.IsSecretName(name));

    [Theory]
    [InlineData("Authorization: Bearer sk-1", "Authorization:***")]
    [InlineData("x-api-key:abc", "x-api-key:***")]
    [InlineData("X-Request-Id: 7", "X-Request-Id: 7")]
    public void Header_values_are_masked_by_name(string header, string expected) => Assert.Equal(expected, SecretRedaction.Header(header));

    [Theory]
    [InlineData("http://user:pw@host:8000/v1", "http://***@host:8000/v1")]
    [InlineData("host:8000?api_key=abc&model=m", "host:8000?api_key=***&model=m")]
    [InlineData("https://h/v1?token=t#frag", "https://h/v1?token=***#frag")]
    [InlineData("http://127.0.0.1:8000", "http://127.0.0.1:8000")]
    [InlineData("http://h/a@b", "http://h/a@b")]
    public void Urls_lose_user_info_and_credential_parameters(string url, string expected) => Assert.Equal(expected, SecretRedaction.Url(url));

    [Fact]
    public void A_config_printed_anywhere_shows_no_key_header_or_url_credentials()
    {
        var config = new ProfileConfig
        {
            Models = ["m"],
            Url = "https://user:hunter2@example.test:8443",
            ApiKey = "sk-secret-key",
            Headers = [new("Authorization", "Bearer sk-header-secret")],
            Concurrency = 4,
        };

        var text = config.ToString();

        Assert.DoesNotContain("sk-secret-key", text, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-header-secret", text, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        Assert.Contains("Models = [m]", text, StringComparison.Ordinal);
        Assert.Contains("Concurrency = 4", text, StringComparison.Ordinal);
    }
}
