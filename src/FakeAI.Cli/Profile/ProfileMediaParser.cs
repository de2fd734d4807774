using System.CommandLine;
using System.Globalization;
using FakeAI.Bench;

namespace FakeAI.Cli.Profile;

/// <summary>Reads the image and audio options; list values (<c>--audio-depths 16 24</c> or <c>16,24</c>) are split like
/// aiperf's, and a value that is not a number is reported with its flag.</summary>
internal static class ProfileMediaParser
{
    public static (SyntheticImages Images, SyntheticAudio Audio) Parse(ParseResult parse, ProfileOptions o, List<string> errors)
    {
        var defaultImages = new SyntheticImages();
        var images = new SyntheticImages
        {
            WidthMean = parse.GetValue(o.ImageWidthMean) ?? defaultImages.WidthMean,
            WidthStddev = parse.GetValue(o.ImageWidthStddev) ?? defaultImages.WidthStddev,
            HeightMean = parse.GetValue(o.ImageHeightMean) ?? defaultImages.HeightMean,
            HeightStddev = parse.GetValue(o.ImageHeightStddev) ?? defaultImages.HeightStddev,
            BatchSize = parse.GetValue(o.ImageBatchSize) ?? defaultImages.BatchSize,
            Format = parse.GetValue(o.ImageFormat)?.ToLowerInvariant() ?? defaultImages.Format,
        };

        var defaultAudio = new SyntheticAudio();
        var audio = new SyntheticAudio
        {
            LengthMeanSeconds = parse.GetValue(o.AudioLengthMean) ?? defaultAudio.LengthMeanSeconds,
            LengthStddevSeconds = parse.GetValue(o.AudioLengthStddev) ?? defaultAudio.LengthStddevSeconds,
            BatchSize = parse.GetValue(o.AudioBatchSize) ?? defaultAudio.BatchSize,
            Format = parse.GetValue(o.AudioFormat)?.ToLowerInvariant() ?? defaultAudio.Format,
            Depths = Numbers(parse.GetValue(o.AudioDepths), "--audio-depths", errors, int.Parse) ?? defaultAudio.Depths,
            SampleRatesKhz = Numbers(parse.GetValue(o.AudioSampleRates), "--audio-sample-rates", errors, double.Parse) ?? defaultAudio.SampleRatesKhz,
            Channels = parse.GetValue(o.AudioNumChannels) ?? defaultAudio.Channels,
        };
        return (images, audio);
    }

    private static T[]? Numbers<T>(string[]? values, string flag, List<string> errors, Func<string, IFormatProvider, T> parse)
    {
        if (values is null || values.Length == 0)
        {
            return null;
        }

        var items = values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray();
        try
        {
            return [.. items.Select(item => parse(item, CultureInfo.InvariantCulture))];
        }
        catch (FormatException)
        {
            errors.Add($"{flag} '{string.Join(' ', values)}' must be numbers");
            return null;
        }
        catch (OverflowException)
        {
            errors.Add($"{flag} '{string.Join(' ', values)}' must be numbers");
            return null;
        }
    }
}
