using System.Buffers.Binary;
using System.Text.Json;
using FakeAI.Server.Endpoints;

namespace FakeAI.Server.Tests.Http;

/// <summary>Chat messages with image and audio content parts are accepted and their media counted in prompt tokens.</summary>
public sealed class MultimodalContentTests
{
    private static string Png(int width, int height)
    {
        var bytes = new byte[33];
        new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R' }.CopyTo(bytes, 0);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(16), width);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(20), height);
        return "data:image/png;base64," + Convert.ToBase64String(bytes);
    }

    private static string Wav(double seconds, int sampleRate)
    {
        var dataLength = (int)(seconds * sampleRate * 2);
        var wav = new byte[44 + dataLength];
        "RIFF"u8.CopyTo(wav);
        BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(28), sampleRate * 2); // byte rate, 16-bit mono
        return Convert.ToBase64String(wav);
    }

    [Theory]
    [InlineData(512, 512, null, 255)] // one tile
    [InlineData(1024, 1024, null, 765)] // short side to 768: 768×768 → 4 tiles
    [InlineData(4096, 2048, null, 1105)] // fit to 2048×1024, then 1536×768 → 3×2 tiles
    [InlineData(64, 32, null, 255)]
    [InlineData(4096, 4096, "low", 85)]
    public void Images_count_as_openai_bills_them(int width, int height, string? detail, int expected) =>
        Assert.Equal(expected, MediaTokens.Image(Png(width, height), detail));

    [Fact]
    public void A_link_that_is_not_fetched_counts_as_one_tile() =>
        Assert.Equal(255, MediaTokens.Image("https://example.com/cat.jpg", null));

    [Fact]
    public void Audio_counts_ten_tokens_a_second() =>
        Assert.Equal(25, MediaTokens.Audio(Wav(2.5, 16000), "wav"));

    [Fact]
    public async Task A_chat_with_image_and_audio_parts_succeeds_and_reports_their_tokens()
    {
        await using var server = await TestServers.StartAsync();
        using var client = TestServers.Client(server);
        var textOnly = await PromptTokensAsync(client, "[{\"type\":\"text\",\"text\":\"hello there\"}]");
        var withMedia = await PromptTokensAsync(
            client,
            $"[{{\"type\":\"text\",\"text\":\"hello there\"}},{{\"type\":\"image_url\",\"image_url\":{{\"url\":\"{Png(512, 512)}\"}}}}," +
            $"{{\"type\":\"input_audio\",\"input_audio\":{{\"data\":\"{Wav(1, 8000)}\",\"format\":\"wav\"}}}}]");
        Assert.Equal(textOnly + 255 + 10, withMedia);
    }

    [Fact]
    public async Task A_malformed_media_part_is_a_400()
    {
        await using var server = await TestServers.StartAsync();
        using var client = TestServers.Client(server);
        using var response = await client.PostAsync(
            "/v1/chat/completions",
            TestServers.Json("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_audio\",\"input_audio\":{\"data\":5}}]}]}"));
        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains("input_audio.data", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<int> PromptTokensAsync(HttpClient client, string content)
    {
        using var response = await client.PostAsync(
            "/v1/chat/completions",
            TestServers.Json($"{{\"model\":\"m\",\"max_tokens\":1,\"messages\":[{{\"role\":\"user\",\"content\":{content}}}]}}"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("usage").GetProperty("prompt_tokens").GetInt32();
    }
}
