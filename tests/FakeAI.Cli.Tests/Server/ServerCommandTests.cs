using System.Text.RegularExpressions;
using FakeAI.Cli.Server;
using Spectre.Console.Testing;

namespace FakeAI.Cli.Tests.Server;

public sealed partial class ServerCommandTests
{
    [GeneratedRegex(@"http://127\.0\.0\.1:(\d+)")]
    private static partial Regex UrlPattern();

    [Fact]
    public async Task Server_command_starts_prints_the_url_serves_with_the_given_flags_and_stops_on_cancel()
    {
        var console = new TestConsole();
        console.Profile.Width = 400;
        using var cancellation = new CancellationTokenSource();
        var run = CliApp.RunAsync(
            ["server", "--host", "127.0.0.1", "--port", "0", "--ttft", "150", "--itl", "0", "--api-key", "sk-test", "--strict-models"],
            console,
            cancellation.Token);

        Match match;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!(match = UrlPattern().Match(console.Output)).Success && DateTime.UtcNow < deadline && !run.IsCompleted)
        {
            await Task.Delay(20);
        }

        Assert.True(match.Success, console.Output);
        using var client = new HttpClient { BaseAddress = new Uri(match.Value) };
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await client.GetAsync("/v1/models")).StatusCode);
        client.DefaultRequestHeaders.Authorization = new("Bearer", "sk-test");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetAsync("/v1/models/unknown-model")).StatusCode);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        using var response = await client.PostAsync("/v1/chat/completions", new StringContent(
            """{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}],"max_tokens":3}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode);
        Assert.True(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds >= 140);

        await cancellation.CancelAsync();
        Assert.Equal(ExitCodes.Success, await run.WaitAsync(TimeSpan.FromSeconds(20)));
    }

    [Theory]
    [InlineData("--ttft", "50:300")]
    [InlineData("--itl", "-1")]
    [InlineData("--ttft", "1:2:3")]
    [InlineData("--port", "notaport")]
    [InlineData("--tokenizer", "gpt2")]
    public async Task Malformed_values_print_one_line_and_exit_2(string flag, string value)
    {
        var console = new TestConsole();
        console.Profile.Width = 400;

        var exit = await CliApp.RunAsync(["server", "--port", "0", flag, value], console, CancellationToken.None);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Single(console.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error:", console.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_config_file_over_one_MiB_is_refused_with_exit_2_not_read_into_memory()
    {
        var path = Path.Combine(Path.GetTempPath(), "fakeai-big-config-" + Guid.NewGuid().ToString("N") + ".json");
        await File.WriteAllTextAsync(path, "{\"port\": 0, \"x\": \"" + new string('a', 1 << 20) + "\"}");
        try
        {
            var console = new TestConsole();
            var exitCode = await CliApp.RunAsync(["server", "--config", path], console, CancellationToken.None);

            Assert.Equal(ExitCodes.Usage, exitCode);
            Assert.Contains("is larger than 1 MiB; a config file is a small JSON object", console.Output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Seed_forms_parse_verbatim()
    {
        var console = new TestConsole();
        var environment = new Dictionary<string, string?>();
        var command = ServerCommand.Create(console, () => environment, Path.GetTempPath());

        var parse = command.Parse(["--host", "0.0.0.0", "--port", "9001", "--ttft", "50:30", "--itl", "10:30"]);
        var bare = command.Parse(["--ttft", "20", "--itl", "5"]);

        Assert.Empty(parse.Errors);
        Assert.Empty(bare.Errors);
    }
}
