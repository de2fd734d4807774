using System.Globalization;

namespace FakeAI.Reports.Runs;

/// <summary>
/// Where one <c>suite</c> or <c>bench</c> invocation writes: its own folder <c>&lt;base&gt;/&lt;prefix&gt;-yyyyMMdd-HHmmss</c>
/// (UTC), so a second run never overwrites the first and the two can be compared, and a stable
/// <c>&lt;base&gt;/&lt;prefix&gt;-latest</c> that points at the last finished one.
/// </summary>
public static class RunFolder
{
    public static string LatestName(string prefix) => prefix + "-latest";

    /// <summary>Creates and returns a new run folder; a second run within the same second gets a <c>-2</c>, <c>-3</c> … suffix.</summary>
    public static string Create(string baseDirectory, string prefix, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(baseDirectory);
        Directory.CreateDirectory(baseDirectory);
        var name = $"{prefix}-{now.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}";
        var path = Path.Combine(baseDirectory, name);
        for (var n = 2; Directory.Exists(path) || File.Exists(path); n++)
        {
            path = Path.Combine(baseDirectory, FormattableString.Invariant($"{name}-{n}"));
        }

        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>
    /// Points <c>&lt;prefix&gt;-latest</c> beside <paramref name="runDirectory"/> at it: a relative symbolic link, or
    /// where links cannot be made, a text file naming the folder. Returns the path of the link or file, or null when a
    /// real folder of that name is in the way (it is left alone).
    /// </summary>
    public static string? MarkLatest(string runDirectory, string prefix)
    {
        var full = Path.GetFullPath(runDirectory).TrimEnd(Path.DirectorySeparatorChar);
        var parent = Path.GetDirectoryName(full)!;
        var latest = Path.Combine(parent, LatestName(prefix));
        var existing = new DirectoryInfo(latest);
        if (existing.LinkTarget is not null)
        {
            existing.Delete();
        }
        else if (existing.Exists)
        {
            return null;
        }

        var pointer = latest + ".txt";
        try
        {
            Directory.CreateSymbolicLink(latest, Path.GetFileName(full));
            File.Delete(pointer);
            return latest;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            File.WriteAllText(pointer, Path.GetFileName(full) + Environment.NewLine);
            return pointer;
        }
    }
}
