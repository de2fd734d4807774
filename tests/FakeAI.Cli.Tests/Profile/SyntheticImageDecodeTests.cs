using FakeAI.Bench.Datasets;
using SkiaSharp;

namespace FakeAI.Cli.Tests.Profile;

/// <summary>The generated images decode in a real decoder (Skia, which the charts already ship) to the requested size,
/// each 8×8 block one flat colour.</summary>
public sealed class SyntheticImageDecodeTests
{
    [Theory]
    [InlineData("png", 70, 33)]
    [InlineData("jpeg", 70, 33)]
    [InlineData("png", 1, 1)]
    [InlineData("jpeg", 640, 480)]
    public void Images_decode_to_the_requested_size_in_flat_blocks(string format, int width, int height)
    {
        var random = new Random(9);
        var bytes = format == "png" ? ImageGenerator.Png(width, height, random) : ImageGenerator.Jpeg(width, height, random);
        using var bitmap = SKBitmap.Decode(bytes);
        Assert.NotNull(bitmap);
        Assert.Equal((width, height), (bitmap.Width, bitmap.Height));
        var colours = new HashSet<SKColor>();
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                Assert.Equal(bitmap.GetPixel(x - (x % 8), y - (y % 8)), bitmap.GetPixel(x, y));
                colours.Add(bitmap.GetPixel(x, y));
            }
        }

        Assert.True(width * height < 64 || colours.Count > 1);
    }
}
