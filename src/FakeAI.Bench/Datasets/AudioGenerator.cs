using System.Buffers.Binary;

namespace FakeAI.Bench.Datasets;

/// <summary>
/// Encodes synthetic audio clips of an exact length: PCM WAV of Gaussian noise (σ 0.3, clipped) at the requested bit depth,
/// sample rate and channel count, or MP3 as silent 64 kbit/s frames (no encoder is bundled; a frame whose side information
/// is all zero decodes to silence in any MP3 decoder, so the clip has the right length, rate and size).
/// </summary>
internal static class AudioGenerator
{
    private const int Mp3BitrateKbps = 64;

    public static byte[] Encode(string format, double seconds, int sampleRate, int depth, int channels, Random random) =>
        format == "mp3" ? Mp3(seconds, sampleRate, channels) : Wav(seconds, sampleRate, depth, channels, random);

    public static byte[] Wav(double seconds, int sampleRate, int depth, int channels, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var frames = (int)Math.Ceiling(seconds * sampleRate);
        var bytesPerSample = depth / 8;
        var dataLength = frames * channels * bytesPerSample;
        var wav = new byte[44 + dataLength];
        var span = wav.AsSpan();
        "RIFF"u8.CopyTo(span);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], 36 + dataLength);
        "WAVEfmt "u8.CopyTo(span[8..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[16..], 16);
        BinaryPrimitives.WriteInt16LittleEndian(span[20..], 1); // PCM
        BinaryPrimitives.WriteInt16LittleEndian(span[22..], (short)channels);
        BinaryPrimitives.WriteInt32LittleEndian(span[24..], sampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(span[28..], sampleRate * channels * bytesPerSample);
        BinaryPrimitives.WriteInt16LittleEndian(span[32..], (short)(channels * bytesPerSample));
        BinaryPrimitives.WriteInt16LittleEndian(span[34..], (short)depth);
        "data"u8.CopyTo(span[36..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[40..], dataLength);
        var offset = 44;
        for (var i = 0; i < frames * channels; i++)
        {
            var normal = 0.3 * Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());
            var sample = Math.Clamp(normal, -1.0, 1.0);
            switch (depth)
            {
                case 8:
                    wav[offset] = (byte)Math.Round(128 + (sample * 127)); // 8-bit WAV is unsigned
                    break;
                case 16:
                    BinaryPrimitives.WriteInt16LittleEndian(span[offset..], (short)Math.Round(sample * short.MaxValue));
                    break;
                case 24:
                    var value24 = (int)Math.Round(sample * 8_388_607);
                    wav[offset] = (byte)value24;
                    wav[offset + 1] = (byte)(value24 >> 8);
                    wav[offset + 2] = (byte)(value24 >> 16);
                    break;
                default:
                    BinaryPrimitives.WriteInt32LittleEndian(span[offset..], (int)Math.Round(sample * int.MaxValue));
                    break;
            }

            offset += bytesPerSample;
        }

        return wav;
    }

    public static byte[] Mp3(double seconds, int sampleRate, int channels)
    {
        // MPEG version by sample rate: 1 (32–48 kHz, 1152 samples a frame), 2 (16–24 kHz) and 2.5 (8–12 kHz, 576 samples).
        var (versionBits, rateIndex, mpeg1) = sampleRate switch
        {
            44100 => (3, 0, true), 48000 => (3, 1, true), 32000 => (3, 2, true),
            22050 => (2, 0, false), 24000 => (2, 1, false), 16000 => (2, 2, false),
            11025 => (0, 0, false), 12000 => (0, 1, false), 8000 => (0, 2, false),
            _ => throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, "not an MPEG audio sample rate"),
        };
        var samplesPerFrame = mpeg1 ? 1152 : 576;
        var frameBytes = (mpeg1 ? 144 : 72) * Mp3BitrateKbps * 1000 / sampleRate;
        var bitrateIndex = mpeg1 ? 5 : 8; // 64 kbit/s in both bitrate tables
        var frames = Math.Max(1, (int)Math.Ceiling(seconds * sampleRate / samplesPerFrame));
        var mp3 = new byte[frames * frameBytes];
        for (var f = 0; f < frames; f++)
        {
            var at = f * frameBytes;
            mp3[at] = 0xFF;
            mp3[at + 1] = (byte)(0xE0 | (versionBits << 3) | (1 << 1) | 1); // layer III, no CRC
            mp3[at + 2] = (byte)((bitrateIndex << 4) | (rateIndex << 2));
            mp3[at + 3] = (byte)(channels == 1 ? 0xC0 : 0x00); // mono or stereo
        }

        return mp3;
    }
}
