using System.ClientModel;
using System.ClientModel.Primitives;
using OpenAI;
using OpenAI.Chat;

namespace FakeAI.Server.Tests.Faults;

/// <summary>What the official OpenAI .NET SDK makes of the injected faults.</summary>
public sealed class FaultSdkTests
{
    private static ChatClient Client(FakeAIServer server, string fault, int maxRetries = 0)
    {
        var options = new OpenAIClientOptions { Endpoint = new Uri(server.Url, "/v1"), RetryPolicy = new ClientRetryPolicy(maxRetries) };
        options.AddPolicy(new FaultHeaderPolicy(fault), PipelinePosition.PerCall);
        return new ChatClient("gpt-4o", new ApiKeyCredential("unused"), options);
    }

    private static async Task<(int Tokens, ChatFinishReason? Finish, Exception? Error)> StreamAsync(ChatClient client)
    {
        var tokens = 0;
        ChatFinishReason? finish = null;
        try
        {
            await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage("hi")], new ChatCompletionOptions { MaxOutputTokenCount = 20 }))
            {
                tokens += update.ContentUpdate.Count(p => p.Text.Length > 0);
                finish ??= update.FinishReason;
            }
        }
        catch (Exception e) when (e is ClientResultException or IOException)
        {
            return (tokens, finish, e);
        }

        return (tokens, finish, null);
    }

    [Fact]
    public async Task Status_faults_are_client_result_exceptions_and_the_sdk_backs_off_by_retry_after()
    {
        await using var server = await TestServers.StartAsync();

        var (_, _, overloaded) = await StreamAsync(Client(server, "503"));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (_, _, limited) = await StreamAsync(Client(server, "429;retry-after=1", maxRetries: 2));
        var elapsed = clock.Elapsed;
        using var http = TestServers.Client(server);
        var metrics = await http.GetStringAsync("/metrics");

        Assert.Equal(503, Assert.IsType<ClientResultException>(overloaded).Status);
        Assert.Equal(429, Assert.IsType<ClientResultException>(limited).Status);
        Assert.Contains("fakeai_injected_faults_total{type=\"429\"} 3", metrics, StringComparison.Ordinal);
        Assert.True(elapsed >= TimeSpan.FromSeconds(1.9), $"two retries after Retry-After: 1 took {elapsed}");
    }

    [Fact]
    public async Task Broken_streams_fail_after_k_tokens_but_the_sdk_ignores_the_error_event()
    {
        await using var server = await TestServers.StartAsync();

        var disconnect = await StreamAsync(Client(server, "disconnect;after=5"));
        var truncated = await StreamAsync(Client(server, "truncated-json;after=5"));
        var streamError = await StreamAsync(Client(server, "stream-error;after=5"));

        Assert.Equal(5, disconnect.Tokens);
        Assert.IsType<IOException>(disconnect.Error, exactMatch: false);
        Assert.Equal(5, truncated.Tokens);
        Assert.IsType<IOException>(truncated.Error, exactMatch: false);

        // OpenAI's .NET SDK (2.15) skips the error event, in either SSE form: the stream just ends with no finish reason.
        // Callers that must notice have to check for the missing finish reason themselves.
        Assert.Equal((5, (ChatFinishReason?)null, (Exception?)null), streamError);
    }

    private sealed class FaultHeaderPolicy(string fault) : PipelinePolicy
    {
        public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            message.Request.Headers.Set("X-FakeAI-Fault", fault);
            ProcessNext(message, pipeline, currentIndex);
        }

        public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            message.Request.Headers.Set("X-FakeAI-Fault", fault);
            return ProcessNextAsync(message, pipeline, currentIndex);
        }
    }
}
