using System.Text;
using System.Text.Json;
using Anthropic;
using Anthropic.Models.Messages;
using FakeAI.Protocol.Tokenization;

namespace FakeAI.Server.Tests.Tools;

/// <summary>The official Anthropic .NET SDK parses the fake's <c>tool_use</c> blocks, streamed and whole.</summary>
public sealed class AnthropicToolUseSdkTests
{
    private static AnthropicClient Client(FakeAIServer server) =>
        new() { ApiKey = "sk-ant-test", BaseUrl = server.Url.ToString().TrimEnd('/'), MaxRetries = 0 };

    private static int Tokens(string text) => TokenizerService.Get(TokenizerEncoding.O200kBase).CountTokens(text);

    private static MessageCreateParams Params() => new()
    {
        Model = "claude-sonnet-4-5",
        MaxTokens = 200,
        Messages = [new UserMessageParam("Weather in Paris?")],
        Tools = [new Tool { Name = WeatherTool.Name, Description = "Current weather", InputSchema = InputSchema.FromRawUnchecked(Raw(WeatherTool.Parameters)) }],
        ToolChoice = new ToolChoiceAny(),
    };

    private static Dictionary<string, JsonElement> Raw(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!;

    [Fact]
    public async Task A_tool_use_block_parses_with_input_that_satisfies_the_schema()
    {
        await using var server = await TestServers.StartAsync();

        var message = await Client(server).Messages.Create(Params());

        Assert.True(message.Content.Single().TryPickToolUse(out var toolUse));
        Assert.StartsWith("toolu_", toolUse!.ID, StringComparison.Ordinal);
        Assert.Equal(WeatherTool.Name, toolUse.Name);
        var input = JsonSerializer.Serialize(toolUse.Input);
        WeatherTool.AssertValid(WeatherTool.Parameters, input);
        Assert.Equal(StopReason.ToolUse, message.StopReason!.Value());
        Assert.True(message.Usage.OutputTokens > 5);
    }

    [Fact]
    public async Task A_streamed_tool_use_sends_input_json_deltas_one_token_each()
    {
        await using var server = await TestServers.StartAsync();

        var json = new StringBuilder();
        var deltas = 0;
        string? name = null;
        long? outputTokens = null;
        StopReason? stopReason = null;
        await foreach (var e in Client(server).Messages.CreateStreaming(Params()))
        {
            if (e.TryPickContentBlockStart(out var start) && start!.ContentBlock.TryPickToolUse(out var block))
            {
                name = block!.Name;
            }
            else if (e.TryPickContentBlockDelta(out var delta) && delta!.Delta.TryPickInputJson(out var piece))
            {
                json.Append(piece!.PartialJson);
                deltas++;
            }
            else if (e.TryPickDelta(out var messageDelta))
            {
                outputTokens = messageDelta!.Usage.OutputTokens;
                stopReason = messageDelta.Delta.StopReason!.Value();
            }
        }

        Assert.Equal(WeatherTool.Name, name);
        WeatherTool.AssertValid(WeatherTool.Parameters, json.ToString());
        Assert.Equal(Tokens(json.ToString()), deltas);
        Assert.Equal(deltas, outputTokens);
        Assert.Equal(StopReason.ToolUse, stopReason);
    }
}
