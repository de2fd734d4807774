namespace FakeAI.Cli.Embedded;

/// <summary>List options accept both spellings: <c>--models a,b</c> and <c>--models a b</c> (or repeated).</summary>
internal static class ListValues
{
    public static string[] Split(IEnumerable<string>? values) =>
        [.. (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];
}
