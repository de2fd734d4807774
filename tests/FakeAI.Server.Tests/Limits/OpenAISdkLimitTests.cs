using System.ClientModel;
using System.ClientModel.Primitives;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using OpenAI;
using OpenAI.Chat;

namespace FakeAI.Server.Tests.Limits;

/// <summary>The official OpenAI .NET SDK against the limits: it reads the 429 and its own retry policy backs off on it.</summary>
public sealed class OpenAISdkLimitTests
{
    private static ChatClient Client(FakeAIServer server, int? maxRetries = null)
    {
        var options = new OpenAIClientOptions { Endpoint = new Uri(server.Url, "/v1") };
        if (maxRetries is { } retries)
        {
            options.RetryPolicy = new ClientRetryPolicy(retries);
        }

        return new ChatClient("gpt-4o", new ApiKeyCredential("unused"), options);
    }

    private static readonly ChatMessage[] Hello = [new UserChatMessage("hello")];

    [Fact]
    public async Task The_sdk_surfaces_the_429_with_openais_message()
    {
        var time = new FakeTimeProvider();
        await using var server = await RateLimitServerTests.StartAsync(time, o => o.Limits.RequestsPerMinute = 1);
        var client = Client(server, maxRetries: 0);
        await client.CompleteChatAsync(Hello, new ChatCompletionOptions { MaxOutputTokenCount = 2 });

        var error = await Assert.ThrowsAsync<ClientResultException>(() => client.CompleteChatAsync(Hello, new ChatCompletionOptions { MaxOutputTokenCount = 2 }));

        Assert.Equal(429, error.Status);
        Assert.Contains("Rate limit reached for all clients (the server has no API keys) on requests per min (RPM): Limit 1, Used 1, Requested 1. Please try again in 1m0s.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_sdks_default_retry_policy_waits_and_succeeds_once_the_window_has_room()
    {
        var time = new FakeTimeProvider();
        await using var server = await RateLimitServerTests.StartAsync(time, o => o.Limits.RequestsPerMinute = 1);
        var client = Client(server);
        await client.CompleteChatAsync(Hello, new ChatCompletionOptions { MaxOutputTokenCount = 2 });
        time.Advance(TimeSpan.FromSeconds(59.5));

        // Refused with Retry-After: 1; while the SDK waits, the server's clock passes the moment the first request leaves.
        var retried = client.CompleteChatAsync(Hello, new ChatCompletionOptions { MaxOutputTokenCount = 2 });
        using var http = TestServers.Client(server);
        var deadline = Stopwatch.StartNew();
        while (!Regex.IsMatch(await http.GetStringAsync("/metrics"), @"fakeai_requests_refused_total\{limit=""rpm_key""\} [1-9]"))
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(10), "no 429 after 10 s");
            await Task.Delay(5);
        }

        time.Advance(TimeSpan.FromSeconds(0.5));
        ChatCompletion completion = await retried.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, completion.Usage.OutputTokenCount);
    }
}
