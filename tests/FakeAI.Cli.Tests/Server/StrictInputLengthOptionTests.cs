using FakeAI.Cli.Server;

namespace FakeAI.Cli.Tests.Server;

public sealed class StrictInputLengthOptionTests
{
    private const string Cwd = "/work/dir";

    private static (bool? Strict, IReadOnlyList<string> Errors) Build(ServerArguments arguments, Dictionary<string, string?> env, string? config = null)
    {
        var (options, errors) = ServerOptionsBuilder.Build(arguments, env, Cwd, path => config is not null && path == Path.Combine(Cwd, "fakeai.json") ? config : null);
        return (options?.StrictInputLength, errors);
    }

    [Fact]
    public void Off_by_default_and_set_by_flag_environment_or_config_file_with_flags_winning()
    {
        Assert.False(Build(new ServerArguments(), []).Strict);
        Assert.True(Build(new ServerArguments { StrictInputLength = true }, []).Strict);
        Assert.True(Build(new ServerArguments(), new() { ["FAKEAI_STRICT_INPUT_LENGTH"] = "yes" }).Strict);
        Assert.True(Build(new ServerArguments(), [], """{ "strictInputLength": true }""").Strict);
        Assert.False(Build(new ServerArguments { StrictInputLength = false }, new() { ["FAKEAI_STRICT_INPUT_LENGTH"] = "true" }, """{ "strictInputLength": true }""").Strict);
    }

    [Fact]
    public void Malformed_values_are_reported()
    {
        var (_, envErrors) = Build(new ServerArguments(), new() { ["FAKEAI_STRICT_INPUT_LENGTH"] = "maybe" });
        var (_, fileErrors) = Build(new ServerArguments(), [], """{ "strictInputLength": "yes" }""");

        Assert.Contains(envErrors, e => e.Contains("FAKEAI_STRICT_INPUT_LENGTH", StringComparison.Ordinal));
        Assert.Contains(fileErrors, e => e.Contains("strictInputLength", StringComparison.Ordinal) && e.Contains("wrong type", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_flag_parses_bare_and_with_a_value()
    {
        // A bad port makes the command stop after parsing, so no server is left running.
        var (bare, output) = await CliRunner.RunAsync("server", "--strict-input-length", "--port", "70000");
        var (valued, _) = await CliRunner.RunAsync("server", "--strict-input-length", "false", "--port", "70000");

        Assert.Equal(2, bare);
        Assert.Equal(2, valued);
        Assert.DoesNotContain("strict-input-length", output, StringComparison.Ordinal);
    }
}
