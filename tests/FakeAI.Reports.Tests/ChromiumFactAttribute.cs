namespace FakeAI.Reports.Tests;

/// <summary>A fact that needs Debian's headless Chromium; skipped, saying how to get it, when it is not installed.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(ChromiumPath))
        {
            Skip = $"{ChromiumPath} is absent: install it with `apt-get install chromium` to check that report.html renders.";
        }
    }
}
