using System.ClientModel;
using System.Text;
using FakeAI.Protocol.Tokenization;
using OpenAI;
using OpenAI.Chat;

namespace FakeAI.Server.Tests.Tools;

/// <summary>The official OpenAI .NET SDK parses the fake's chat tool calls and structured outputs, streamed and whole.</summary>
public sealed class ChatToolCallSdkTests
{
    private static ChatClient Client(FakeAIServer server) =>
        new("gpt-4o", new ApiKeyCredential("unused"), new OpenAIClientOptions { Endpoint = new Uri(server.Url, "/v1") });

    private static int Tokens(string text) => TokenizerService.Get(TokenizerEncoding.O200kBase).CountTokens(text);

    private static ChatCompletionOptions ToolOptions(ChatToolChoice? choice = null) => new()
    {
        Tools = { ChatTool.CreateFunctionTool(WeatherTool.Name, "Current weather", BinaryData.FromString(WeatherTool.Parameters), functionSchemaIsStrict: true) },
        ToolChoice = choice,
        MaxOutputTokenCount = 200,
    };

    [Fact]
    public async Task A_tool_call_parses_with_arguments_that_satisfy_the_schema_and_count_in_usage()
    {
        await using var server = await TestServers.StartAsync();
        var client = Client(server);

        ChatCompletion completion = await client.CompleteChatAsync([new UserChatMessage("Weather in Paris?")], ToolOptions());

        Assert.Equal(ChatFinishReason.ToolCalls, completion.FinishReason);
        var call = Assert.Single(completion.ToolCalls);
        Assert.StartsWith("call_", call.Id, StringComparison.Ordinal);
        Assert.Equal(ChatToolCallKind.Function, call.Kind);
        Assert.Equal(WeatherTool.Name, call.FunctionName);
        WeatherTool.AssertValid(WeatherTool.Parameters, call.FunctionArguments.ToString());
        Assert.Equal(Tokens(call.FunctionArguments.ToString()), completion.Usage.OutputTokenCount);
    }

    [Fact]
    public async Task A_streamed_tool_call_opens_with_id_and_name_then_sends_one_argument_token_per_chunk()
    {
        await using var server = await TestServers.StartAsync();
        var client = Client(server);
        var options = ToolOptions(ChatToolChoice.CreateFunctionChoice(WeatherTool.Name));

        var arguments = new StringBuilder();
        var fragments = 0;
        string? id = null, name = null;
        ChatFinishReason? finish = null;
        ChatTokenUsage? usage = null;
        await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage("Weather in Paris?")], options))
        {
            foreach (var part in update.ToolCallUpdates)
            {
                Assert.Equal(0, part.Index);
                id ??= part.ToolCallId;
                name ??= part.FunctionName;
                if (part.FunctionArgumentsUpdate is { } piece && !piece.ToMemory().IsEmpty)
                {
                    arguments.Append(piece.ToString());
                    fragments++;
                }
            }

            finish ??= update.FinishReason;
            usage ??= update.Usage;
        }

        Assert.StartsWith("call_", id, StringComparison.Ordinal);
        Assert.Equal(WeatherTool.Name, name);
        Assert.Equal(ChatFinishReason.ToolCalls, finish);
        WeatherTool.AssertValid(WeatherTool.Parameters, arguments.ToString());
        Assert.Equal(Tokens(arguments.ToString()), fragments);
        Assert.Equal(fragments, usage!.OutputTokenCount);
    }

    [Fact]
    public async Task The_tool_result_gets_a_text_answer()
    {
        await using var server = await TestServers.StartAsync();
        var client = Client(server);
        List<ChatMessage> messages = [new UserChatMessage("Weather in Paris?")];
        ChatCompletion first = await client.CompleteChatAsync(messages, ToolOptions());
        messages.Add(new AssistantChatMessage(first));
        messages.Add(new ToolChatMessage(first.ToolCalls[0].Id, """{"temperature":21}"""));

        ChatCompletion second = await client.CompleteChatAsync(messages, ToolOptions());

        Assert.Equal(ChatFinishReason.Length, second.FinishReason);
        Assert.Empty(second.ToolCalls);
        Assert.False(string.IsNullOrEmpty(second.Content[0].Text));
    }

    [Fact]
    public async Task Tool_choice_none_answers_in_text()
    {
        await using var server = await TestServers.StartAsync();

        ChatCompletion completion = await Client(server).CompleteChatAsync([new UserChatMessage("Hi")], ToolOptions(ChatToolChoice.CreateNoneChoice()));

        Assert.Empty(completion.ToolCalls);
        Assert.Equal(200, Tokens(completion.Content[0].Text));
    }

    [Fact]
    public async Task A_json_schema_answer_validates_and_streams_token_by_token()
    {
        await using var server = await TestServers.StartAsync();
        var client = Client(server);
        var options = new ChatCompletionOptions
        {
            ResponseFormat = ChatResponseFormat.CreateJsonSchemaFormat("weather", BinaryData.FromString(WeatherTool.Answer), jsonSchemaIsStrict: true),
            MaxOutputTokenCount = 300,
        };

        ChatCompletion whole = await client.CompleteChatAsync([new UserChatMessage("Weather?")], options);
        var text = new StringBuilder();
        var chunks = 0;
        ChatTokenUsage? usage = null;
        await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage("Weather?")], options))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
                chunks += part.Text.Length > 0 ? 1 : 0;
            }

            usage ??= update.Usage;
        }

        Assert.Equal(ChatFinishReason.Stop, whole.FinishReason);
        WeatherTool.AssertValid(WeatherTool.Answer, whole.Content[0].Text);
        Assert.Equal(Tokens(whole.Content[0].Text), whole.Usage.OutputTokenCount);
        WeatherTool.AssertValid(WeatherTool.Answer, text.ToString());
        Assert.Equal(Tokens(text.ToString()), chunks);
        Assert.Equal(chunks, usage!.OutputTokenCount);
    }

    [Fact]
    public async Task A_json_object_answer_is_a_json_object()
    {
        await using var server = await TestServers.StartAsync();

        ChatCompletion completion = await Client(server).CompleteChatAsync(
            [new UserChatMessage("Give me JSON")], new ChatCompletionOptions { ResponseFormat = ChatResponseFormat.CreateJsonObjectFormat() });

        using var document = System.Text.Json.JsonDocument.Parse(completion.Content[0].Text);
        Assert.Equal(System.Text.Json.JsonValueKind.Object, document.RootElement.ValueKind);
    }
}
