namespace FakeAI.Cli.Tests;

/// <summary>Credentials given on the command line never appear on the console or in any written file.</summary>
[Collection(LoadTests.Name)]
public sealed class SecretsInOutputTests : IDisposable
{
    private const string ApiKey = "sk-secret-7f3a";
    private const string BearerHeader = "bearer-secret-91c2";
    private const string XApiKey = "xkey-secret-5d0e";

    private readonly string _dir = Directory.CreateTempSubdirectory("fakeai-secrets-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Profile_masks_the_api_key_and_credential_headers_everywhere()
    {
        await using var server = await CliRunner.StartFastServerAsync(o => o.ApiKeys = [ApiKey]);
        var artifacts = Path.Combine(_dir, "profile");

        var (exitCode, output) = await CliRunner.RunAsync(
            "profile", "-m", "m", "--url", server.Url.ToString(), "--streaming", "--request-count", "4", "--ui", "none",
            "--api-key", ApiKey, "-H", $"X-Other-Auth: Bearer {BearerHeader}", "--header", $"x-api-key:{XApiKey}",
            "-H", "X-Request-Tag: visible", "--artifact-dir", artifacts);

        Assert.Equal(ExitCodes.Success, exitCode); // the key was sent: the server requires it
        Assert.Contains("--api-key *** -H X-Other-Auth:*** --header x-api-key:*** -H \"X-Request-Tag: visible\"", output, StringComparison.Ordinal);
        AssertNoSecret(output, "console");
        AssertNoSecretInFiles(artifacts, expectedFiles: 4);
        Assert.Contains("x-api-key:***", await File.ReadAllTextAsync(Path.Combine(artifacts, "profile_export_aiperf.json")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Suite_writes_no_api_key()
    {
        await using var server = await CliRunner.StartFastServerAsync(o => o.ApiKeys = [ApiKey]);

        var (exitCode, output) = await CliRunner.RunAsync(
            "suite", "--url", server.Url.ToString(), "--api-key", ApiKey, "--quick", "--concurrency", "4", "--models", "m", "--artifact-dir", _dir);

        Assert.Equal(ExitCodes.Success, exitCode);
        AssertNoSecret(output, "console");
        AssertNoSecretInFiles(_dir, expectedFiles: 5);
    }

    private static void AssertNoSecretInFiles(string directory, int expectedFiles)
    {
        var files = Directory.GetFiles(directory, "*", SearchOption.AllDirectories);
        Assert.True(files.Length >= expectedFiles, $"only {files.Length} files written");
        foreach (var file in files)
        {
            AssertNoSecret(System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(file)), file);
        }
    }

    private static void AssertNoSecret(string text, string where)
    {
        foreach (var secret in new[] { ApiKey, BearerHeader, XApiKey })
        {
            Assert.False(text.Contains(secret, StringComparison.Ordinal), $"{secret} found in {where}");
        }
    }
}
