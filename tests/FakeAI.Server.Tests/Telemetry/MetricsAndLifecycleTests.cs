using System.Diagnostics;
using System.Text;

namespace FakeAI.Server.Tests.Telemetry;

public sealed class MetricsAndLifecycleTests
{
    [Fact]
    public async Task Metrics_use_vllm_names_and_count_tokens_per_server()
    {
        await using var server = await TestServers.StartAsync();
        await using var other = await TestServers.StartAsync();
        using var client = TestServers.Client(server);
        for (var i = 0; i < 3; i++)
        {
            using var response = await client.PostAsync("/v1/chat/completions", TestServers.Json(
                """{"model":"gpt-4o","messages":[{"role":"user","content":"hello world"}],"max_tokens":10,"stream":true}"""));
            await response.Content.ReadAsStringAsync();
        }

        var text = await client.GetStringAsync("/metrics");
        using var otherClient = TestServers.Client(other);
        var otherText = await otherClient.GetStringAsync("/metrics");

        Assert.Contains("vllm:generation_tokens_total{model_name=\"gpt-4o\"} 30", text, StringComparison.Ordinal);
        Assert.Contains("vllm:prompt_tokens_total{model_name=\"gpt-4o\"} 6", text, StringComparison.Ordinal);
        Assert.Contains("vllm:request_success_total{model_name=\"gpt-4o\",finished_reason=\"length\"} 3", text, StringComparison.Ordinal);
        Assert.Contains("vllm:num_requests_running{model_name=\"gpt-4o\"} 0", text, StringComparison.Ordinal);
        Assert.Contains("vllm:time_to_first_token_seconds_count{model_name=\"gpt-4o\"} 3", text, StringComparison.Ordinal);
        Assert.Contains("vllm:inter_token_latency_seconds_count{model_name=\"gpt-4o\"} 27", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE vllm:e2e_request_latency_seconds histogram", text, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^process_resident_memory_bytes [1-9]", text);
        Assert.DoesNotContain("gpt-4o", otherText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Model_names_past_the_first_hundred_share_one_label_and_overlong_ones_are_refused()
    {
        await using var server = await TestServers.StartAsync();
        using var client = TestServers.Client(server);
        for (var i = 0; i < 105; i++)
        {
            using var response = await client.PostAsync("/v1/chat/completions", TestServers.Json(
                $$"""{"model":"model-{{i}}","messages":[{"role":"user","content":"hi"}],"max_tokens":2}"""));
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        }

        var text = await client.GetStringAsync("/metrics");
        var labels = System.Text.RegularExpressions.Regex.Matches(text, @"^vllm:request_success_total\{model_name=""([^""]+)""", System.Text.RegularExpressions.RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value).ToArray();
        Assert.Equal(101, labels.Length);
        Assert.Contains("vllm:request_success_total{model_name=\"__other__\",finished_reason=\"length\"} 5", text, StringComparison.Ordinal);
        Assert.Contains("vllm:request_success_total{model_name=\"model-99\",finished_reason=\"length\"} 1", text, StringComparison.Ordinal);

        using var longest = await client.PostAsync("/v1/chat/completions", TestServers.Json(
            $$"""{"model":"{{new string('m', 256)}}","messages":[{"role":"user","content":"hi"}],"max_tokens":2}"""));
        Assert.Equal(System.Net.HttpStatusCode.OK, longest.StatusCode);
        using var tooLong = await client.PostAsync("/v1/chat/completions", TestServers.Json(
            $$"""{"model":"{{new string('m', 257)}}","messages":[{"role":"user","content":"hi"}],"max_tokens":2}"""));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("'model' must be at most 256 characters, got 257.", await tooLong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_report_collections_and_the_managed_heap_so_garbage_can_be_told_from_leaks()
    {
        await using var server = await TestServers.StartAsync();
        using var client = TestServers.Client(server);
        static long Gen0(string text) =>
            long.Parse(System.Text.RegularExpressions.Regex.Match(text, @"(?m)^dotnet_collection_count_total\{generation=""0""\} (\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

        var before = await client.GetStringAsync("/metrics");
        GC.Collect(0, GCCollectionMode.Forced, blocking: true);
        var after = await client.GetStringAsync("/metrics");

        Assert.Matches(@"(?m)^dotnet_total_memory_bytes [1-9]", after);
        Assert.Matches(@"(?m)^dotnet_collection_count_total\{generation=""2""\} \d+", after);
        Assert.True(Gen0(after) > Gen0(before), $"{Gen0(before)} -> {Gen0(after)}");
    }

    [Fact]
    public async Task Health_reports_healthy()
    {
        await using var server = await TestServers.StartAsync();
        using var client = TestServers.Client(server);

        var body = await client.GetStringAsync("/health");

        Assert.Contains("\"status\":\"healthy\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Client_disconnect_mid_stream_releases_the_request_and_its_scheduler_wait()
    {
        await using var server = await TestServers.StartAsync(o =>
        {
            o.Ttft = LatencySpec.Exact(10);
            o.Itl = LatencySpec.Exact(50);
        });
        using (var client = TestServers.Client(server))
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
            {
                Content = TestServers.Json("""{"model":"m","messages":[{"role":"user","content":"hi"}],"max_tokens":1000,"stream":true}"""),
            };
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(), Encoding.UTF8);
            for (var i = 0; i < 6; i++)
            {
                await reader.ReadLineAsync();
            }

            // The token just read was sent by the thread that then re-arms the stream's wait: give it a moment.
            var armed = Stopwatch.GetTimestamp() + Stopwatch.Frequency;
            while (server.State.Scheduler.PendingCount == 0 && Stopwatch.GetTimestamp() < armed)
            {
                await Task.Delay(1);
            }

            Assert.Equal(1, server.RunningRequests);
            Assert.Equal(1, server.State.Scheduler.PendingCount);
        }

        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 5;
        while ((server.RunningRequests != 0 || server.State.Scheduler.PendingCount != 0) && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Equal(0, server.RunningRequests);
        Assert.Equal(0, server.State.Scheduler.PendingCount);
    }

    [Fact]
    public async Task Port_zero_binds_a_free_port_and_stop_releases_it()
    {
        var server = await TestServers.StartAsync();
        var url = server.Url;

        Assert.Equal("127.0.0.1", url.Host);
        Assert.NotEqual(0, url.Port);
        await server.StopAsync();
        await server.DisposeAsync();

        await using var again = await FakeAIServer.StartAsync(new FakeAIServerOptions { Port = url.Port });
        Assert.Equal(url.Port, again.Url.Port);
    }
}
