using System.Text.RegularExpressions;

namespace FakeAI.Cli.Tests.Profile;

/// <summary>
/// The aiperf command lines FakeAI's documentation has always promised, run verbatim with <c>fakeai</c> for <c>aiperf</c>:
/// only the port changes, to an in-process server (1 ms TTFT, 0.1 ms ITL, so 1,000-token answers take about 0.1 s). The
/// request counts are the documented ones. Each run writes its default artifact folder under the working directory, as
/// aiperf does; the test removes it afterwards. The embeddings example sends aiperf's default 550-token inputs to a
/// 512-token model: the server truncates them, so every request succeeds.
/// </summary>
public sealed partial class SeedExampleTests
{
    [Theory]
    [InlineData("--model openai/gpt-oss-120b --url http://localhost:9001 --endpoint-type chat --service-kind openai --streaming", 10)]
    [InlineData("--model openai/gpt-oss-120b --url http://localhost:9001 --endpoint-type chat --service-kind openai --streaming --concurrency 100 --request-count 1000 --synthetic-tokens-mean 300 --output-tokens-mean 1000", 1000)]
    [InlineData("--model meta-llama/Llama-3.1-8B-Instruct --url http://localhost:9001 --endpoint-type chat --service-kind openai --streaming --request-rate 50 --request-count 500", 500)]
    [InlineData("--model openai/gpt-oss-120b --url http://localhost:9001 --endpoint-type chat --service-kind openai --streaming --concurrency 100 --request-count 500", 500)]
    [InlineData("--model deepseek-ai/DeepSeek-R1 --url http://localhost:9001 --endpoint-type chat --service-kind openai --streaming --concurrency 100 --request-count 500", 500)]
    [InlineData("--model sentence-transformers/all-mpnet-base-v2 --url http://localhost:9001 --endpoint-type embeddings --service-kind openai --request-count 1000 --concurrency 50", 1000)]
    [InlineData("--model openai/gpt-oss-120b --url http://localhost:9001 --endpoint-type chat --service-kind openai --concurrency 50 --request-count 500", 500)]
    [InlineData("--model openai/gpt-oss-120b --url http://localhost:9001 --endpoint-type chat --service-kind openai --streaming --concurrency 50 --request-count 500", 500)]
    public async Task Seed_example_runs_verbatim_and_every_request_succeeds(string commandLine, int requests)
    {
        await using var server = await CliRunner.StartFastServerAsync();
        var args = commandLine.Replace("http://localhost:9001", $"http://localhost:{server.Url.Port}", StringComparison.Ordinal).Split(' ');
        var (exitCode, output) = await CliRunner.RunAsync(["profile", .. args]);
        var written = ExportLine().Match(output);
        try
        {
            Assert.True(exitCode == 0, output);
            Assert.Contains($"Requests: {requests} succeeded, 0 failed", output, StringComparison.Ordinal);
            Assert.True(written.Success, output);
            Assert.True(File.Exists(written.Groups[1].Value));
        }
        finally
        {
            if (written.Success && Path.GetDirectoryName(written.Groups[1].Value) is { Length: > 0 } directory && Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    [GeneratedRegex(@"JSON Export: (\S+)")]
    private static partial Regex ExportLine();
}
