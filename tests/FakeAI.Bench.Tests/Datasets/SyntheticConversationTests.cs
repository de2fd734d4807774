using System.Buffers.Binary;
using System.Text.Json;
using FakeAI.Bench.Datasets;
using FakeAI.Protocol.Tokenization;

namespace FakeAI.Bench.Tests.Datasets;

/// <summary>Multi-turn, ISL/OSL mixtures, images and audio of synthetic datasets, as the payloads carry them.</summary>
public sealed class SyntheticConversationTests
{
    private static readonly Microsoft.ML.Tokenizers.TiktokenTokenizer Tokenizer = TokenizerService.Get(TokenizerEncoding.O200kBase);

    private static ProfileConfig Config => new() { Models = ["m"], Url = "localhost:1", RandomSeed = 42, ConversationNum = 20, InputTokensMean = 16 };

    private static JsonElement Content(Turn turn) =>
        JsonDocument.Parse(turn.Payloads[0]).RootElement.GetProperty("messages")[0].GetProperty("content").Clone();

    [Fact]
    public void Turn_count_follows_the_turn_mean_and_deviation()
    {
        var fixedTurns = DatasetBuilder.Build(Config with { ConversationTurnMean = 3 }, Tokenizer);
        Assert.All(fixedTurns.Conversations, c => Assert.Equal(3, c.Turns.Count));

        var varied = DatasetBuilder.Build(Config with { ConversationTurnMean = 4, ConversationTurnStddev = 2, ConversationNum = 200 }, Tokenizer);
        var counts = varied.Conversations.Select(c => c.Turns.Count).ToArray();
        Assert.True(counts.Min() >= 1);
        Assert.True(counts.Distinct().Count() > 3);
        Assert.InRange(counts.Average(), 4, 5.5); // ceil(normal(4, 2)), resampled below 1
    }

    [Fact]
    public void Later_turns_wait_the_sampled_delay_times_the_ratio()
    {
        var dataset = DatasetBuilder.Build(
            Config with { ConversationTurnMean = 3, ConversationTurnDelayMeanMs = 200, ConversationTurnDelayRatio = 0.5 },
            Tokenizer);
        Assert.All(dataset.Conversations, c =>
        {
            Assert.Equal(0, c.Turns[0].DelayMs);
            Assert.Equal(100, c.Turns[1].DelayMs);
            Assert.Equal(100, c.Turns[2].DelayMs);
        });

        var spread = DatasetBuilder.Build(Config with { ConversationTurnMean = 2, ConversationTurnDelayMeanMs = 10, ConversationTurnDelayStddevMs = 50 }, Tokenizer);
        var delays = spread.Conversations.Select(c => c.Turns[1].DelayMs).ToArray();
        Assert.All(delays, d => Assert.True(d >= 0));
        Assert.True(delays.Distinct().Count() > 5);
    }

    [Fact]
    public void Prefix_prompts_go_on_first_turns_only()
    {
        var dataset = DatasetBuilder.Build(Config with { ConversationTurnMean = 2, NumPrefixPrompts = 1, PrefixPromptLength = 30 }, Tokenizer);
        Assert.All(dataset.Conversations, c =>
        {
            Assert.Equal(46, c.Turns[0].InputTokens);
            Assert.Equal(16, c.Turns[1].InputTokens);
        });
    }

    [Fact]
    public void Sequence_distribution_sets_prompt_length_and_max_tokens_per_turn()
    {
        Assert.True(SequenceDistribution.TryParse("20,7:50;40,9:50", out var mixture, out _));
        var dataset = DatasetBuilder.Build(Config with { SequenceDistribution = mixture, OutputTokensMean = 999, ConversationNum = 60 }, Tokenizer);
        var pairs = dataset.Conversations.Select(c => (c.Turns[0].InputTokens, c.Turns[0].MaxTokens)).ToHashSet();
        Assert.Equal(new HashSet<(int, int?)> { (20, 7), (40, 9) }, pairs);
        Assert.All(dataset.Conversations, c =>
            Assert.Equal(c.Turns[0].MaxTokens, JsonDocument.Parse(c.Turns[0].Payloads[0]).RootElement.GetProperty("max_completion_tokens").GetInt32()));
    }

    [Theory]
    [InlineData("png")]
    [InlineData("jpeg")]
    public void Images_are_sent_as_image_url_parts_with_data_urls_of_the_requested_size(string format)
    {
        var images = new SyntheticImages { WidthMean = 70, HeightMean = 33, BatchSize = 2, Format = format };
        var dataset = DatasetBuilder.Build(Config with { Images = images, ConversationNum = 3 }, Tokenizer);
        foreach (var turn in dataset.Conversations.Select(c => c.Turns[0]))
        {
            var parts = Content(turn).EnumerateArray().ToArray();
            Assert.Equal(["text", "image_url", "image_url"], parts.Select(p => p.GetProperty("type").GetString()));
            foreach (var part in parts[1..])
            {
                var url = part.GetProperty("image_url").GetProperty("url").GetString()!;
                Assert.StartsWith($"data:image/{format};base64,", url, StringComparison.Ordinal);
                Assert.Equal((70, 33), Size(Convert.FromBase64String(url[(url.IndexOf(',', StringComparison.Ordinal) + 1)..])));
            }
        }
    }

    [Fact]
    public void Random_image_format_mixes_png_and_jpeg()
    {
        var images = new SyntheticImages { WidthMean = 8, HeightMean = 8, Format = "random" };
        var dataset = DatasetBuilder.Build(Config with { Images = images, ConversationNum = 40 }, Tokenizer);
        var formats = dataset.Conversations.Select(c => c.Turns[0].Images[0][..15]).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(["data:image/jpeg", "data:image/png;"], formats);
    }

    [Theory]
    [InlineData(8, 8.0, 1)]
    [InlineData(16, 16.0, 2)]
    [InlineData(24, 44.1, 1)]
    [InlineData(32, 48.0, 2)]
    public void Wav_clips_have_the_requested_length_depth_rate_and_channels(int depth, double khz, int channels)
    {
        var audio = new SyntheticAudio { LengthMeanSeconds = 0.25, Depths = [depth], SampleRatesKhz = [khz], Channels = channels };
        var dataset = DatasetBuilder.Build(Config with { Audio = audio, ConversationNum = 2 }, Tokenizer);
        var part = Content(dataset.Conversations[0].Turns[0])[1];
        Assert.Equal("input_audio", part.GetProperty("type").GetString());
        Assert.Equal("wav", part.GetProperty("input_audio").GetProperty("format").GetString());
        var wav = Convert.FromBase64String(part.GetProperty("input_audio").GetProperty("data").GetString()!);
        var rate = (int)Math.Round(khz * 1000);
        Assert.Equal("RIFF", System.Text.Encoding.ASCII.GetString(wav, 0, 4));
        Assert.Equal(channels, BinaryPrimitives.ReadInt16LittleEndian(wav.AsSpan(22)));
        Assert.Equal(rate, BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(24)));
        Assert.Equal(depth, BinaryPrimitives.ReadInt16LittleEndian(wav.AsSpan(34)));
        var seconds = (double)BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(40)) / (rate * channels * depth / 8);
        Assert.Equal(0.25, seconds, 3);
    }

    [Fact]
    public void Mp3_clips_are_frames_of_the_requested_rate_and_length()
    {
        var audio = new SyntheticAudio { LengthMeanSeconds = 1, Format = "mp3", SampleRatesKhz = [44.1], Channels = 2 };
        var dataset = DatasetBuilder.Build(Config with { Audio = audio, ConversationNum = 1 }, Tokenizer);
        var clip = Assert.Single(dataset.Conversations[0].Turns[0].Audios);
        Assert.Equal("mp3", clip.Format);
        var mp3 = Convert.FromBase64String(clip.Base64Data);

        // MPEG-1 layer III, 64 kbit/s, 44.1 kHz, stereo: 208-byte frames of 1152 samples; 39 frames make ≥ 1 s.
        Assert.Equal([0xFF, 0xFB, 0x50, 0x00], mp3[..4]);
        Assert.Equal(39 * 208, mp3.Length);
    }

    [Fact]
    public void Text_only_turns_keep_the_plain_string_content()
    {
        var dataset = DatasetBuilder.Build(Config, Tokenizer);
        Assert.Equal(JsonValueKind.String, Content(dataset.Conversations[0].Turns[0]).ValueKind);
    }

    /// <summary>Width and height from a PNG's IHDR or a JPEG's start-of-frame marker.</summary>
    private static (int Width, int Height) Size(byte[] image)
    {
        if (image[0] == 0x89)
        {
            return (BinaryPrimitives.ReadInt32BigEndian(image.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(image.AsSpan(20)));
        }

        var at = 2;
        while (image[at + 1] != 0xC0)
        {
            at += 2 + BinaryPrimitives.ReadUInt16BigEndian(image.AsSpan(at + 2));
        }

        return (BinaryPrimitives.ReadUInt16BigEndian(image.AsSpan(at + 7)), BinaryPrimitives.ReadUInt16BigEndian(image.AsSpan(at + 5)));
    }
}
