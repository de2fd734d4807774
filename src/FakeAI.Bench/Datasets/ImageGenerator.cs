using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace FakeAI.Bench.Datasets;

/// <summary>
/// Encodes synthetic images of an exact size: a grid of 8×8 blocks of random colour, as an RGB PNG or a greyscale baseline
/// JPEG (each block one flat tone, so only DC coefficients are coded). Blocks keep the files small and fast to build while
/// still being real images any decoder reads.
/// </summary>
internal static class ImageGenerator
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    // The standard luminance DC table (ITU T.81 Annex K): code counts per length 1..16, then the categories 0..11.
    private static readonly byte[] DcBits = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
    private static readonly byte[] DcValues = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];

    /// <summary>A <c>data:image/&lt;format&gt;;base64,…</c> URL of a <paramref name="width"/>×<paramref name="height"/> image.</summary>
    public static string DataUrl(int width, int height, string format, Random random)
    {
        var bytes = format == "jpeg" ? Jpeg(width, height, random) : Png(width, height, random);
        return $"data:image/{format};base64,{Convert.ToBase64String(bytes)}";
    }

    public static byte[] Png(int width, int height, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var blocksX = (width + 7) / 8;
        var palette = new byte[blocksX * 3];
        var raw = new byte[(1 + (width * 3)) * height];
        for (var y = 0; y < height; y++)
        {
            if (y % 8 == 0)
            {
                random.NextBytes(palette);
            }

            var row = y * (1 + (width * 3));
            raw[row] = 0; // filter: none
            for (var x = 0; x < width; x++)
            {
                palette.AsSpan((x / 8) * 3, 3).CopyTo(raw.AsSpan(row + 1 + (x * 3)));
            }
        }

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            zlib.Write(raw);
        }

        using var png = new MemoryStream();
        png.Write(PngSignature);
        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = 8; // bits per channel
        header[9] = 2; // truecolour RGB
        WriteChunk(png, "IHDR", header);
        WriteChunk(png, "IDAT", compressed.ToArray());
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    public static byte[] Jpeg(int width, int height, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        using var jpeg = new MemoryStream();
        jpeg.Write([0xFF, 0xD8]);
        jpeg.Write([0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]);

        // One quantization table of ones: a flat block's DC coefficient, 8·(value − 128), is coded as it is.
        jpeg.Write([0xFF, 0xDB, 0x00, 0x43, 0x00]);
        jpeg.Write(Enumerable.Repeat((byte)1, 64).ToArray());
        jpeg.Write([0xFF, 0xC0, 0x00, 0x0B, 0x08, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, 0x01, 0x01, 0x11, 0x00]);
        jpeg.Write([0xFF, 0xC4, 0x00, (byte)(3 + 16 + DcValues.Length), 0x00]);
        jpeg.Write(DcBits);
        jpeg.Write(DcValues);

        // An AC table holding only end-of-block, coded as the single bit 0: every block has no AC coefficients.
        jpeg.Write([0xFF, 0xC4, 0x00, 0x14, 0x10, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x00]);
        jpeg.Write([0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00]);

        var codes = CanonicalCodes(DcBits);
        var bits = new BitWriter(jpeg);
        var previous = 0;
        var blocks = ((width + 7) / 8) * ((height + 7) / 8);
        for (var b = 0; b < blocks; b++)
        {
            var dc = 8 * (random.Next(256) - 128);
            var diff = dc - previous;
            previous = dc;
            var category = diff == 0 ? 0 : 32 - int.LeadingZeroCount(Math.Abs(diff));
            bits.Write(codes[category].Code, codes[category].Length);
            if (category > 0)
            {
                bits.Write(diff > 0 ? diff : diff - 1 + (1 << category), category);
            }

            bits.Write(0, 1);
        }

        bits.Flush();
        jpeg.Write([0xFF, 0xD9]);
        return jpeg.ToArray();
    }

    private static (int Code, int Length)[] CanonicalCodes(byte[] countsPerLength)
    {
        var codes = new (int Code, int Length)[DcValues.Length];
        var code = 0;
        var symbol = 0;
        for (var length = 1; length <= 16; length++)
        {
            for (var i = 0; i < countsPerLength[length - 1]; i++)
            {
                codes[DcValues[symbol++]] = (code++, length);
            }

            code <<= 1;
        }

        return codes;
    }

    private static void WriteChunk(Stream stream, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        stream.Write(length);
        var typeBytes = System.Text.Encoding.ASCII.GetBytes(type);
        stream.Write(typeBytes);
        stream.Write(data);
        var crc = new Crc32();
        crc.Append(typeBytes);
        crc.Append(data);
        BinaryPrimitives.WriteUInt32BigEndian(length, crc.GetCurrentHashAsUInt32());
        stream.Write(length);
    }

    /// <summary>MSB-first bit packing with JPEG's byte stuffing (a 0x00 after every 0xFF) and 1-bit padding at the end.</summary>
    private sealed class BitWriter(Stream stream)
    {
        private int _buffer;
        private int _count;

        public void Write(int value, int length)
        {
            for (var i = length - 1; i >= 0; i--)
            {
                _buffer = (_buffer << 1) | ((value >> i) & 1);
                if (++_count == 8)
                {
                    Emit();
                }
            }
        }

        public void Flush()
        {
            while (_count != 0)
            {
                _buffer = (_buffer << 1) | 1;
                if (++_count == 8)
                {
                    Emit();
                }
            }
        }

        private void Emit()
        {
            stream.WriteByte((byte)_buffer);
            if (_buffer == 0xFF)
            {
                stream.WriteByte(0x00);
            }

            _buffer = 0;
            _count = 0;
        }
    }
}
