using System.Text.Json;
using FakeAI.Protocol.Responses;
using FakeAI.Server.Endpoints;

namespace FakeAI.Server.Tests.Responses;

/// <summary>Stored responses: chaining and lookups on the wire, and the store's bound.</summary>
public sealed class ResponsesStoreTests
{
    private static StoredResponse Entry(string id) =>
        new(new ResponseObject { Id = id, Status = "completed", Model = "m", Output = [] }, [], 0);

    [Fact]
    public void The_store_forgets_the_least_recently_used_beyond_its_capacity()
    {
        var store = new ResponseStore(2);
        store.Add("a", Entry("a"));
        store.Add("b", Entry("b"));
        Assert.True(store.TryGet("a", out _));
        store.Add("c", Entry("c"));

        Assert.Equal(2, store.Count);
        Assert.True(store.TryGet("a", out _));
        Assert.False(store.TryGet("b", out _));
        Assert.True(store.TryGet("c", out _));
        Assert.True(store.Remove("a"));
        Assert.False(store.Remove("a"));
        Assert.Equal(1, store.Count);
    }

    [Fact]
    public void A_store_of_capacity_zero_keeps_nothing()
    {
        var store = new ResponseStore(0);
        store.Add("a", Entry("a"));
        Assert.Equal(0, store.Count);
        Assert.False(store.TryGet("a", out _));
    }

    [Fact]
    public async Task Unknown_ids_are_404s_in_openais_error_shape()
    {
        await using var server = await TestServers.StartAsync();
        using var client = TestServers.Client(server);

        using var get = await client.GetAsync("/v1/responses/resp_nope");
        Assert.Contains("resp_nope", (await ResponsesWire.ErrorAsync(get, 404)).GetProperty("message").GetString(), StringComparison.Ordinal);
        using var delete = await client.DeleteAsync("/v1/responses/resp_nope");
        await ResponsesWire.ErrorAsync(delete, 404);
        using var chained = await ResponsesWire.PostAsync(client, """{"model":"gpt-4o","input":"hi","previous_response_id":"resp_nope"}""");
        var error = await ResponsesWire.ErrorAsync(chained, 404);
        Assert.Equal("previous_response_id", error.GetProperty("param").GetString());
    }

    [Fact]
    public async Task Store_false_and_a_full_store_leave_nothing_to_fetch()
    {
        await using var server = await TestServers.StartAsync(o => o.ResponseStoreCapacity = 1);
        using var client = TestServers.Client(server);

        var notStored = await IdAsync(client, """{"model":"gpt-4o","input":"hi","max_output_tokens":2,"store":false}""");
        using (var get = await client.GetAsync($"/v1/responses/{notStored}"))
        {
            Assert.Equal(404, (int)get.StatusCode);
        }

        var first = await IdAsync(client, """{"model":"gpt-4o","input":"hi","max_output_tokens":2,"stream":true}""");
        using (var get = await client.GetAsync($"/v1/responses/{first}"))
        {
            Assert.Equal(200, (int)get.StatusCode);
            using var document = JsonDocument.Parse(await get.Content.ReadAsStringAsync());
            Assert.Equal("completed", document.RootElement.GetProperty("status").GetString());
            Assert.Equal(2, document.RootElement.GetProperty("usage").GetProperty("output_tokens").GetInt32());
        }

        var second = await IdAsync(client, """{"model":"gpt-4o","input":"hi","max_output_tokens":2}""");
        using (var gone = await client.GetAsync($"/v1/responses/{first}"))
        {
            Assert.Equal(404, (int)gone.StatusCode);
        }

        using var kept = await client.GetAsync($"/v1/responses/{second}");
        Assert.Equal(200, (int)kept.StatusCode);
    }

    [Fact]
    public async Task A_chained_request_may_omit_input()
    {
        await using var server = await TestServers.StartAsync(o => o.KvCache.Enabled = false);
        using var client = TestServers.Client(server);

        var first = await IdAsync(client, """{"model":"gpt-4o","input":"hi","max_output_tokens":4}""");
        using var response = await ResponsesWire.PostAsync(client, $$"""{"model":"gpt-4o","previous_response_id":"{{first}}","max_output_tokens":3}""");
        Assert.Equal(200, (int)response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.InRange(document.RootElement.GetProperty("usage").GetProperty("input_tokens").GetInt32(), 2, 20);
    }

    private static async Task<string> IdAsync(HttpClient client, string json)
    {
        using var response = await ResponsesWire.PostAsync(client, json);
        Assert.Equal(200, (int)response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        if (body.StartsWith("event:", StringComparison.Ordinal))
        {
            return ResponsesWire.Events(body)[0].Data.GetProperty("response").GetProperty("id").GetString()!;
        }

        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("id").GetString()!;
    }
}
