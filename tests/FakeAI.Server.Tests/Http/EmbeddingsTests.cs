using System.Buffers.Binary;
using System.Text.Json;

namespace FakeAI.Server.Tests.Http;

public sealed class EmbeddingsTests
{
    private static async Task<JsonElement> EmbedAsync(FakeAIServer server, string json)
    {
        using var client = TestServers.Client(server);
        using var response = await client.PostAsync("/v1/embeddings", TestServers.Json(json));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static float[] Floats(JsonElement item) => item.GetProperty("embedding").EnumerateArray().Select(v => v.GetSingle()).ToArray();

    [Theory]
    [InlineData("sentence-transformers/all-mpnet-base-v2", 768)]
    [InlineData("text-embedding-3-small", 1536)]
    [InlineData("text-embedding-3-large", 3072)]
    [InlineData("some/unknown-embedder", 1536)]
    public async Task Default_sizes_follow_the_model(string model, int expected)
    {
        await using var server = await TestServers.StartAsync();

        var response = await EmbedAsync(server, $$"""{"model":"{{model}}","input":"hello"}""");

        Assert.Equal(expected, Floats(response.GetProperty("data")[0]).Length);
    }

    [Fact]
    public async Task Vectors_are_deterministic_per_text_and_differ_between_texts()
    {
        await using var server = await TestServers.StartAsync();

        var first = await EmbedAsync(server, """{"model":"m","input":["alpha","beta"],"dimensions":64}""");
        var again = await EmbedAsync(server, """{"model":"m","input":"alpha","dimensions":64}""");

        var alpha = Floats(first.GetProperty("data")[0]);
        Assert.Equal(alpha, Floats(again.GetProperty("data")[0]));
        Assert.NotEqual(alpha, Floats(first.GetProperty("data")[1]));
        Assert.Equal(1, first.GetProperty("data")[1].GetProperty("index").GetInt32());
        Assert.Equal(1.0, Math.Sqrt(alpha.Sum(v => (double)v * v)), 4);
        Assert.Equal(2, first.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
    }

    [Fact]
    public async Task Base64_is_little_endian_float32_of_the_same_vector()
    {
        await using var server = await TestServers.StartAsync();

        var floats = Floats((await EmbedAsync(server, """{"model":"m","input":"gamma","dimensions":32}""")).GetProperty("data")[0]);
        var encoded = (await EmbedAsync(server, """{"model":"m","input":"gamma","dimensions":32,"encoding_format":"base64"}"""))
            .GetProperty("data")[0].GetProperty("embedding").GetString()!;

        var bytes = Convert.FromBase64String(encoded);
        var decoded = Enumerable.Range(0, bytes.Length / 4).Select(i => BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * 4))).ToArray();
        Assert.Equal(floats, decoded);
    }

    [Fact]
    public async Task Token_id_inputs_are_embedded()
    {
        await using var server = await TestServers.StartAsync();

        var response = await EmbedAsync(server, """{"model":"m","input":[[1,2,3],[4,5]],"dimensions":8}""");

        Assert.Equal(2, response.GetProperty("data").GetArrayLength());
        Assert.Equal(5, response.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
    }
}
