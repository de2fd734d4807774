using System.Text;
using Anthropic;
using Anthropic.Models.Messages;

namespace FakeAI.Server.Tests.Messages;

/// <summary>The official Anthropic .NET SDK parses <c>POST /v1/messages</c>, streamed and not.</summary>
public sealed class AnthropicSdkTests
{
    private static AnthropicClient Client(FakeAIServer server, string key = "sk-ant-test") =>
        new() { ApiKey = key, BaseUrl = server.Url.ToString().TrimEnd('/'), MaxRetries = 0 };

    private static MessageCreateParams Params(int maxTokens, IReadOnlyList<string>? stops = null) => new()
    {
        Model = "claude-sonnet-4-5",
        MaxTokens = maxTokens,
        System = "You are terse.",
        Messages = [new UserMessageParam("Tell me about the weather in Paris today.")],
        StopSequences = stops?.ToList(),
    };

    [Fact]
    public async Task Sdk_parses_a_non_streaming_message()
    {
        await using var server = await TestServers.StartAsync(o => o.ApiKeys = ["sk-ant-test"]);
        var client = Client(server);

        var message = await client.Messages.Create(Params(12));

        Assert.StartsWith("msg_", message.ID, StringComparison.Ordinal);
        Assert.Equal("claude-sonnet-4-5", message.Model.Raw());
        Assert.True(message.Content.Single().TryPickText(out var text));
        Assert.False(string.IsNullOrEmpty(text!.Text));
        Assert.Equal(StopReason.MaxTokens, message.StopReason!.Value());
        Assert.Equal(12, message.Usage.OutputTokens);
        Assert.True(message.Usage.InputTokens > 5);
    }

    [Fact]
    public async Task Sdk_streams_text_deltas_that_add_up_to_the_message()
    {
        await using var server = await TestServers.StartAsync(o => o.ApiKeys = ["sk-ant-test"]);
        var client = Client(server);

        var text = new StringBuilder();
        var deltas = 0;
        long? inputTokens = null, outputTokens = null;
        StopReason? stopReason = null;
        var stopped = false;
        await foreach (var e in client.Messages.CreateStreaming(Params(16)))
        {
            if (e.TryPickStart(out var start))
            {
                inputTokens = start!.Message.Usage.InputTokens;
            }
            else if (e.TryPickContentBlockDelta(out var delta) && delta!.Delta.TryPickText(out var textDelta))
            {
                text.Append(textDelta!.Text);
                deltas++;
            }
            else if (e.TryPickDelta(out var messageDelta))
            {
                outputTokens = messageDelta!.Usage.OutputTokens;
                stopReason = messageDelta.Delta.StopReason!.Value();
            }
            else if (e.TryPickStop(out _))
            {
                stopped = true;
            }
        }

        Assert.Equal(16, deltas);
        Assert.Equal(16, outputTokens);
        Assert.True(inputTokens > 5);
        Assert.Equal(StopReason.MaxTokens, stopReason);
        Assert.True(stopped);
        Assert.False(string.IsNullOrEmpty(text.ToString()));
    }

    [Fact]
    public async Task Sdk_parses_a_thinking_block_ahead_of_the_text()
    {
        await using var server = await TestServers.StartAsync(o => o.ReasoningTokens = 4);
        var client = Client(server);
        var parameters = Params(12) with { Model = "o3-mini", Thinking = new ThinkingConfigEnabled(1024) };

        var message = await client.Messages.Create(parameters);

        Assert.Equal(2, message.Content.Count);
        Assert.True(message.Content[0].TryPickThinking(out var thinking));
        Assert.False(string.IsNullOrEmpty(thinking!.Thinking));
        Assert.False(string.IsNullOrEmpty(thinking.Signature));
        Assert.True(message.Content[1].TryPickText(out _));
        Assert.Equal(12, message.Usage.OutputTokens);
    }

    [Fact]
    public async Task Sdk_aggregates_a_streamed_thinking_and_text_message()
    {
        await using var server = await TestServers.StartAsync(o => o.ReasoningTokens = 4);
        var client = Client(server);
        var parameters = Params(12) with { Model = "o3-mini", Thinking = new ThinkingConfigEnabled(1024) };

        var message = await client.Messages.CreateStreaming(parameters).Aggregate();

        Assert.Equal(2, message.Content.Count);
        Assert.True(message.Content[0].TryPickThinking(out var thinking));
        Assert.False(string.IsNullOrEmpty(thinking!.Thinking));
        Assert.False(string.IsNullOrEmpty(thinking.Signature));
        Assert.True(message.Content[1].TryPickText(out var text));
        Assert.False(string.IsNullOrEmpty(text!.Text));
        Assert.Equal(StopReason.MaxTokens, message.StopReason!.Value());
        Assert.Equal(12, message.Usage.OutputTokens);
    }

    [Fact]
    public async Task Sdk_reports_the_stop_sequence_that_ended_the_text()
    {
        await using var server = await TestServers.StartAsync();
        var client = Client(server);

        // The generated text is made of words separated by spaces, so a space ends it within the first tokens.
        var message = await client.Messages.Create(Params(50, [" "]));

        Assert.Equal(StopReason.StopSequence, message.StopReason!.Value());
        Assert.Equal(" ", message.StopSequence);
        Assert.True(message.Usage.OutputTokens < 50);
    }
}
