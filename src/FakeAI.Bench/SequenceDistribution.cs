using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace FakeAI.Bench;

/// <summary>One ISL/OSL pair of a <see cref="SequenceDistribution"/>: lengths in tokens and the pair's share in percent.</summary>
public sealed record SequenceLengthPair(int InputLength, double InputStddev, int OutputLength, double OutputStddev, double Percent);

/// <summary>
/// A mixture of input/output length pairs: each synthetic prompt draws one pair (by its percentage) and takes both its
/// prompt length and its max-tokens from it. Parsed from aiperf's forms: <c>256,128:40;512,256:60</c>, with standard
/// deviations <c>256|10,128|5:40;…</c>, the bracket form <c>[(256,128):40,(512,256):60]</c>, or JSON
/// <c>{"pairs":[{"isl":256,"isl_stddev":10,"osl":128,"osl_stddev":5,"prob":40}]}</c>.
/// </summary>
public sealed partial record SequenceDistribution(IReadOnlyList<SequenceLengthPair> Pairs)
{
    private const string PairPattern = @"(\d+)(?:\|([0-9.]+))?\s*,\s*(\d+)(?:\|([0-9.]+))?";

    /// <summary>Parses any of the accepted forms; the error quotes the text and says what is wrong with it.</summary>
    public static bool TryParse(string? text, out SequenceDistribution? distribution, out string? error)
    {
        distribution = null;
        var trimmed = text?.Trim() ?? "";
        List<SequenceLengthPair>? pairs;
        try
        {
            pairs = trimmed.StartsWith('{') ? ParseJson(trimmed)
                : trimmed.StartsWith('[') ? ParseMatches(BracketRegex(), trimmed.Trim('[', ']'), ',')
                : ParseMatches(SemicolonRegex(), trimmed, ';');
        }
        catch (FormatException e)
        {
            error = $"'{trimmed}': {e.Message}";
            return false;
        }

        if (pairs.Count == 0)
        {
            error = $"'{trimmed}' holds no ISL,OSL:PERCENT pair";
            return false;
        }

        var total = pairs.Sum(p => p.Percent);
        if (Math.Abs(total - 100) > 0.01)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"'{trimmed}': percentages sum to {total}, not 100");
            return false;
        }

        if (pairs.Any(p => p.InputLength < 1 || p.OutputLength < 1 || p.InputStddev < 0 || p.OutputStddev < 0 || p.Percent < 0))
        {
            error = $"'{trimmed}': lengths must be >= 1, deviations and percentages >= 0";
            return false;
        }

        distribution = new SequenceDistribution(pairs);
        error = null;
        return true;
    }

    /// <summary>Draws a pair by cumulative percentage, then each length as <c>max(1, round(normal(mean, stddev)))</c>.</summary>
    public (int InputLength, int OutputLength) Sample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var draw = random.NextDouble() * 100;
        var pair = Pairs[^1];
        var cumulative = 0.0;
        foreach (var candidate in Pairs)
        {
            cumulative += candidate.Percent;
            if (draw < cumulative)
            {
                pair = candidate;
                break;
            }
        }

        return (Length(pair.InputLength, pair.InputStddev, random), Length(pair.OutputLength, pair.OutputStddev, random));
    }

    private static int Length(int mean, double stddev, Random random)
    {
        if (stddev <= 0)
        {
            return mean;
        }

        var normal = mean + (stddev * Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble()));
        return Math.Max(1, (int)Math.Round(normal));
    }

    private static List<SequenceLengthPair> ParseMatches(Regex regex, string text, char separator)
    {
        var pairs = new List<SequenceLengthPair>();
        var rest = regex.Replace(text, match =>
        {
            pairs.Add(new SequenceLengthPair(
                Int(match.Groups[1].Value),
                Real(match.Groups[2].Value, 0),
                Int(match.Groups[3].Value),
                Real(match.Groups[4].Value, 0),
                Real(match.Groups[5].Value, double.NaN)));
            return "";
        });
        if (rest.Replace(separator.ToString(), "", StringComparison.Ordinal).Trim().Length > 0)
        {
            throw new FormatException("expected ISL[|STDDEV],OSL[|STDDEV]:PERCENT pairs separated by '" + separator + "'");
        }

        return pairs;
    }

    private static List<SequenceLengthPair> ParseJson(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            if (!document.RootElement.TryGetProperty("pairs", out var array) || array.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException("the JSON form needs a \"pairs\" array");
            }

            return [.. array.EnumerateArray().Select(p => new SequenceLengthPair(
                p.GetProperty("isl").GetInt32(),
                p.TryGetProperty("isl_stddev", out var isd) ? isd.GetDouble() : 0,
                p.GetProperty("osl").GetInt32(),
                p.TryGetProperty("osl_stddev", out var osd) ? osd.GetDouble() : 0,
                p.GetProperty("prob").GetDouble()))];
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException("each JSON pair needs numbers isl, osl and prob (isl_stddev, osl_stddev optional): " + e.Message, e);
        }
    }

    private static int Int(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : throw new FormatException($"'{text}' is not a token count");

    private static double Real(string text, double missing) =>
        text.Length == 0 ? missing
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value
        : throw new FormatException($"'{text}' is not a number");

    [GeneratedRegex(@"\s*" + PairPattern + @"\s*:\s*([0-9.]+)\s*")]
    private static partial Regex SemicolonRegex();

    [GeneratedRegex(@"\s*\(\s*" + PairPattern + @"\s*\)\s*:\s*([0-9.]+)\s*")]
    private static partial Regex BracketRegex();
}
