using FakeAI.Cli.Server;

namespace FakeAI.Cli.Tests.Server;

public sealed class ToolCallRateOptionTests
{
    private const string Cwd = "/work/dir";

    private static (double? Rate, IReadOnlyList<string> Errors) Build(ServerArguments arguments, Dictionary<string, string?> env, string? config = null)
    {
        var (options, errors) = ServerOptionsBuilder.Build(arguments, env, Cwd, path => config is not null && path == Path.Combine(Cwd, "fakeai.json") ? config : null);
        return (options?.ToolCallRate, errors);
    }

    [Fact]
    public void One_by_default_and_set_by_flag_environment_or_config_file_with_flags_winning()
    {
        Assert.Equal(1.0, Build(new ServerArguments(), []).Rate);
        Assert.Equal(0.25, Build(new ServerArguments { ToolCallRate = 0.25 }, []).Rate);
        Assert.Equal(0.5, Build(new ServerArguments(), new() { ["FAKEAI_TOOL_CALL_RATE"] = "0.5" }).Rate);
        Assert.Equal(0.0, Build(new ServerArguments(), [], """{ "toolCallRate": 0 }""").Rate);
        Assert.Equal(0.75, Build(new ServerArguments { ToolCallRate = 0.75 }, new() { ["FAKEAI_TOOL_CALL_RATE"] = "0.5" }, """{ "toolCallRate": 0 }""").Rate);
    }

    [Fact]
    public void Rates_outside_zero_to_one_and_malformed_values_are_reported()
    {
        var (_, flagErrors) = Build(new ServerArguments { ToolCallRate = 1.5 }, []);
        var (_, envErrors) = Build(new ServerArguments(), new() { ["FAKEAI_TOOL_CALL_RATE"] = "often" });
        var (_, fileErrors) = Build(new ServerArguments(), [], """{ "toolCallRate": -0.1 }""");

        Assert.Contains(flagErrors, e => e.Contains("tool-call-rate", StringComparison.Ordinal));
        Assert.Contains(envErrors, e => e.Contains("FAKEAI_TOOL_CALL_RATE", StringComparison.Ordinal));
        Assert.Contains(fileErrors, e => e.Contains("tool-call-rate", StringComparison.Ordinal));
    }
}
