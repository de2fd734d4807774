using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using FakeAI.Server.Limits;
using Microsoft.Extensions.Time.Testing;

namespace FakeAI.Server.Tests.Limits;

/// <summary>The concurrency cap and its queue on a real loopback server; timing bounds are generous.</summary>
public sealed class ConcurrencyServerTests
{
    private static string Stream(int tokens, string model = "m") =>
        $$"""{"model":"{{model}}","messages":[{"role":"user","content":"hi"}],"max_tokens":{{tokens}},"stream":true}""";

    private static ConcurrencyGate Gate(FakeAIServer server) => server.State.Admission!.Gate!;

    private static async Task UntilAsync(Func<bool> condition, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(10), $"still waiting after 10 s for {what}");
            await Task.Delay(5);
        }
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string body, CancellationToken cancellationToken = default) =>
        client.SendAsync(
            new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = TestServers.Json(body) },
            HttpCompletionOption.ResponseHeadersRead,
            cancellationToken);

    [Fact]
    public async Task A_stream_holds_its_slot_until_its_last_token_and_beyond_slots_plus_queue_is_openais_503()
    {
        await using var server = await TestServers.StartAsync(o =>
        {
            o.Itl = LatencySpec.Exact(20);
            o.Limits.MaxConcurrency = 1;
            o.Limits.MaxQueue = 0;
        });
        using var client = TestServers.Client(server);

        using var running = await SendAsync(client, Stream(40));
        using var refused = await client.PostAsync("/v1/chat/completions", TestServers.Json(Stream(1)));
        var body = await running.Content.ReadAsStringAsync();
        await UntilAsync(() => Gate(server).Running == 0, "the finished stream to free its slot");
        using var next = await client.PostAsync("/v1/chat/completions", TestServers.Json(Stream(1)));

        Assert.Equal(HttpStatusCode.OK, running.StatusCode);
        Assert.EndsWith("data: [DONE]\n\n", body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("1", refused.Headers.RetryAfter?.ToString());
        var error = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal("The engine is currently overloaded, please try again later. The only concurrency slot is busy.", error.GetProperty("message").GetString());
        Assert.Equal("server_error", error.GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        var metrics = await client.GetStringAsync("/metrics");
        Assert.Contains("fakeai_requests_refused_total{limit=\"queue_full\"} 1", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Waiters_are_served_in_arrival_order_after_the_running_stream_and_their_wait_is_part_of_their_ttft()
    {
        await using var server = await TestServers.StartAsync(o =>
        {
            o.Itl = LatencySpec.Exact(50);
            o.Limits.MaxConcurrency = 1;
            o.Limits.MaxQueue = 3;
        });
        using var client = TestServers.Client(server);
        var order = new ConcurrentQueue<string>();

        using var running = await SendAsync(client, Stream(10));
        var sent = Stopwatch.StartNew();
        var firstByte = TimeSpan.Zero;
        var waiters = new List<Task>();
        foreach (var name in new[] { "b", "c", "d" })
        {
            waiters.Add(Task.Run(async () =>
            {
                // Two tokens 50 ms apart: each waiter holds the slot long enough that finishing order is serving order.
                using var response = await SendAsync(client, Stream(2, name));
                if (name == "b")
                {
                    firstByte = sent.Elapsed;
                }

                await response.Content.ReadAsStringAsync();
                order.Enqueue(name);
            }));
            var expected = waiters.Count;
            await UntilAsync(() => Gate(server).Waiting == expected, $"{name} to join the queue");
        }

        var waitingMetrics = await client.GetStringAsync("/metrics");
        using var overflow = await client.PostAsync("/v1/chat/completions", TestServers.Json(Stream(1)));
        await running.Content.ReadAsStringAsync();
        await Task.WhenAll(waiters).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, overflow.StatusCode);
        Assert.Contains("The only concurrency slot is busy and 3 requests are already waiting.", await overflow.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(["b", "c", "d"], order.ToArray());

        // The running stream had about 450 ms of tokens left when b was sent; b's first byte waited for them.
        Assert.True(firstByte >= TimeSpan.FromMilliseconds(300), $"b's first byte after {firstByte.TotalMilliseconds} ms");
        Assert.Contains("vllm:num_requests_waiting{model_name=\"d\"} 1", waitingMetrics, StringComparison.Ordinal);
        var metrics = await client.GetStringAsync("/metrics");
        Assert.Contains("vllm:num_requests_waiting{model_name=\"d\"} 0", metrics, StringComparison.Ordinal);
        Assert.Contains("vllm:request_queue_time_seconds_count{model_name=\"b\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("vllm:request_queue_time_seconds_count{model_name=\"m\"} 1", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_that_aborts_its_stream_frees_the_slot()
    {
        await using var server = await TestServers.StartAsync(o =>
        {
            o.Itl = LatencySpec.Exact(50);
            o.Limits.MaxConcurrency = 1;
            o.Limits.MaxQueue = 0;
        });
        using (var aborting = TestServers.Client(server))
        {
            using var response = await SendAsync(aborting, Stream(1000));
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            await reader.ReadLineAsync();
            Assert.Equal(1, Gate(server).Running);
        }

        await UntilAsync(() => Gate(server).Running == 0, "the aborted stream to free its slot");
        using var client = TestServers.Client(server);
        using var next = await client.PostAsync("/v1/chat/completions", TestServers.Json(Stream(1)));

        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task A_client_that_gives_up_while_queued_leaves_the_queue()
    {
        await using var server = await TestServers.StartAsync(o =>
        {
            o.Itl = LatencySpec.Exact(50);
            o.Limits.MaxConcurrency = 1;
            o.Limits.MaxQueue = 1;
        });
        using var client = TestServers.Client(server);
        using var running = await SendAsync(client, Stream(1000));
        using var giveUp = new CancellationTokenSource();
        var queued = SendAsync(client, Stream(1), giveUp.Token);
        await UntilAsync(() => Gate(server).Waiting == 1, "the request to join the queue");

        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued);
        await UntilAsync(() => Gate(server).Waiting == 0, "the abandoned request to leave the queue");
        var next = SendAsync(client, Stream(1));
        await UntilAsync(() => Gate(server).Waiting == 1, "the next request to take the free place in the queue");
        running.Dispose();
        using var served = await next.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    [Fact]
    public async Task A_request_that_waits_the_queue_timeout_gets_503()
    {
        var time = new FakeTimeProvider();
        await using var server = await RateLimitServerTests.StartAsync(time, o =>
        {
            o.Itl = LatencySpec.Exact(50);
            o.Limits.MaxConcurrency = 1;
            o.Limits.QueueTimeout = TimeSpan.FromSeconds(5);
        });
        using var client = TestServers.Client(server);

        // On the fake clock the running stream's tokens never come due: it holds the slot until the test ends it.
        using var running = await SendAsync(client, Stream(1000));
        var queued = client.PostAsync("/v1/chat/completions", TestServers.Json(Stream(1)));
        await UntilAsync(() => Gate(server).Waiting == 1, "the request to join the queue");
        time.Advance(TimeSpan.FromSeconds(4.9));
        await Task.Delay(50);
        Assert.False(queued.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(0.1));
        using var timedOut = await queued.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, timedOut.StatusCode);
        Assert.Contains("Waited 5 s for a free concurrency slot (1 in all).", await timedOut.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, Gate(server).Waiting);
        Assert.Contains("fakeai_requests_refused_total{limit=\"queue_timeout\"} 1", await client.GetStringAsync("/metrics"), StringComparison.Ordinal);
    }
}
