using System.Buffers.Binary;
using FakeAI.Protocol.Chat;

namespace FakeAI.Server.Endpoints;

/// <summary>
/// Prompt tokens of image and audio content parts, counted the way OpenAI bills them so usage looks like a real
/// multimodal model's. An image: 85 tokens at <c>detail: low</c>; otherwise fitted into 2048×2048, its short side scaled
/// down to 768, then 85 + 170 per 512-pixel tile. Its size is read from the header of a <c>data:</c> URL's PNG, JPEG, GIF
/// or WebP; a link (never fetched) or an unreadable image counts as 512×512. Audio: 10 tokens per second, the length read
/// from a WAV header or an MP3 frame's bitrate.
/// </summary>
internal static class MediaTokens
{
    private const int LowDetailTokens = 85;
    private const int TileTokens = 170;
    private const int AudioTokensPerSecond = 10;

    public static int Count(ContentPart part)
    {
        ArgumentNullException.ThrowIfNull(part);
        if (part.ImageUrl is { } url)
        {
            return Image(url, part.ImageDetail);
        }

        return part.AudioData is { } data ? Audio(data, part.AudioFormat) : 0;
    }

    public static int Image(string url, string? detail)
    {
        if (detail == "low")
        {
            return LowDetailTokens;
        }

        var (width, height) = Decode(url) is { } bytes && ImageSize(bytes) is { } size ? size : (512, 512);
        double w = width, h = height;
        var fit = Math.Min(1.0, 2048.0 / Math.Max(w, h));
        w *= fit;
        h *= fit;
        var shrink = Math.Min(1.0, 768.0 / Math.Min(w, h));
        w *= shrink;
        h *= shrink;
        var tiles = (int)Math.Ceiling(w / 512) * (int)Math.Ceiling(h / 512);
        return LowDetailTokens + (TileTokens * tiles);
    }

    public static int Audio(string base64, string? format)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            return 0;
        }

        var seconds = format == "mp3" ? Mp3Seconds(bytes) : WavSeconds(bytes);
        return (int)Math.Ceiling(seconds * AudioTokensPerSecond);
    }

    private static byte[]? Decode(string url)
    {
        var comma = url.IndexOf(',', StringComparison.Ordinal);
        if (!url.StartsWith("data:", StringComparison.Ordinal) || comma < 0 || !url.AsSpan(0, comma).EndsWith(";base64", StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            return Convert.FromBase64String(url[(comma + 1)..]);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>Width and height from the image header, or null when the format is not recognised.</summary>
    internal static (int Width, int Height)? ImageSize(ReadOnlySpan<byte> b)
    {
        if (b.Length >= 24 && b[0] == 0x89 && b[1] == (byte)'P' && b[2] == (byte)'N' && b[3] == (byte)'G')
        {
            return (BinaryPrimitives.ReadInt32BigEndian(b[16..]), BinaryPrimitives.ReadInt32BigEndian(b[20..]));
        }

        if (b.Length >= 10 && b[0] == (byte)'G' && b[1] == (byte)'I' && b[2] == (byte)'F')
        {
            return (BinaryPrimitives.ReadUInt16LittleEndian(b[6..]), BinaryPrimitives.ReadUInt16LittleEndian(b[8..]));
        }

        if (b.Length >= 30 && b[..4].SequenceEqual("RIFF"u8) && b[8..12].SequenceEqual("WEBP"u8) && b[12..16].SequenceEqual("VP8X"u8))
        {
            return (1 + (b[24] | (b[25] << 8) | (b[26] << 16)), 1 + (b[27] | (b[28] << 8) | (b[29] << 16)));
        }

        return b.Length >= 4 && b[0] == 0xFF && b[1] == 0xD8 ? JpegSize(b) : null;
    }

    private static (int Width, int Height)? JpegSize(ReadOnlySpan<byte> b)
    {
        var at = 2;
        while (at + 9 < b.Length && b[at] == 0xFF)
        {
            var marker = b[at + 1];
            var length = BinaryPrimitives.ReadUInt16BigEndian(b[(at + 2)..]);

            // Start-of-frame markers (baseline, progressive, …) carry the size; C4, C8 and CC are tables, not frames.
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                return (BinaryPrimitives.ReadUInt16BigEndian(b[(at + 7)..]), BinaryPrimitives.ReadUInt16BigEndian(b[(at + 5)..]));
            }

            at += 2 + length;
        }

        return null;
    }

    private static double WavSeconds(byte[] b)
    {
        if (b.Length < 44 || !b.AsSpan(0, 4).SequenceEqual("RIFF"u8))
        {
            return 0;
        }

        var byteRate = BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(28));
        return byteRate > 0 ? (double)(b.Length - 44) / byteRate : 0;
    }

    private static double Mp3Seconds(byte[] b)
    {
        // The first frame header's bitrate gives the length of a constant-bitrate file.
        for (var i = 0; i + 3 < b.Length; i++)
        {
            if (b[i] != 0xFF || (b[i + 1] & 0xE0) != 0xE0)
            {
                continue;
            }

            var mpeg1 = (b[i + 1] & 0x18) == 0x18;
            var index = b[i + 2] >> 4;
            int[] table = mpeg1
                ? [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320]
                : [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
            if (index is > 0 and < 15)
            {
                return (b.Length - i) * 8.0 / (table[index] * 1000);
            }
        }

        return 0;
    }
}
