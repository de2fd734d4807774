#pragma warning disable OPENAI001 // the SDK marks its Responses client experimental
using System.ClientModel;
using System.Text;
using FakeAI.Protocol.Tokenization;
using OpenAI.Responses;

namespace FakeAI.Server.Tests.Tools;

/// <summary>The official OpenAI .NET SDK parses the fake's Responses function calls and <c>text.format</c> answers.</summary>
public sealed class ResponsesToolCallSdkTests
{
    private static ResponsesClient Client(FakeAIServer server) =>
        new(new ApiKeyCredential("unused"), new ResponsesClientOptions { Endpoint = new Uri(server.Url, "/v1") });

    private static int Tokens(string text) => TokenizerService.Get(TokenizerEncoding.O200kBase).CountTokens(text);

    private static CreateResponseOptions ToolRequest(bool stream) => new("gpt-4o", [ResponseItem.CreateUserMessageItem("Weather in Paris?")])
    {
        Tools = { ResponseTool.CreateFunctionTool(WeatherTool.Name, BinaryData.FromString(WeatherTool.Parameters), strictModeEnabled: true, functionDescription: "Current weather") },
        ToolChoice = ResponseToolChoice.CreateRequiredChoice(),
        MaxOutputTokenCount = 200,
        StreamingEnabled = stream,
    };

    [Fact]
    public async Task A_function_call_item_parses_with_arguments_that_satisfy_the_schema()
    {
        await using var server = await TestServers.StartAsync();

        ResponseResult response = await Client(server).CreateResponseAsync(ToolRequest(stream: false));

        var call = Assert.IsType<FunctionCallResponseItem>(Assert.Single(response.OutputItems));
        Assert.Equal(WeatherTool.Name, call.FunctionName);
        Assert.StartsWith("call_", call.CallId, StringComparison.Ordinal);
        WeatherTool.AssertValid(WeatherTool.Parameters, call.FunctionArguments.ToString());
        Assert.Equal(Tokens(call.FunctionArguments.ToString()), response.Usage.OutputTokenCount);
    }

    [Fact]
    public async Task A_streamed_function_call_sends_argument_deltas_then_done_then_the_completed_response()
    {
        await using var server = await TestServers.StartAsync();

        var arguments = new StringBuilder();
        var deltas = 0;
        var events = new List<string>();
        string? done = null;
        ResponseResult? completed = null;
        await foreach (var update in await Client(server).CreateResponseStreamingAsync(ToolRequest(stream: true)))
        {
            events.Add(update.GetType().Name);
            switch (update)
            {
                case StreamingResponseFunctionCallArgumentsDeltaUpdate delta:
                    arguments.Append(delta.Delta.ToString());
                    deltas++;
                    break;
                case StreamingResponseFunctionCallArgumentsDoneUpdate finished:
                    done = finished.FunctionArguments.ToString();
                    break;
                case StreamingResponseCompletedUpdate end:
                    completed = end.Response;
                    break;
            }
        }

        Assert.Equal(arguments.ToString(), done);
        WeatherTool.AssertValid(WeatherTool.Parameters, done!);
        Assert.Equal(Tokens(done!), deltas);
        var call = Assert.IsType<FunctionCallResponseItem>(Assert.Single(completed!.OutputItems));
        Assert.Equal(done, call.FunctionArguments.ToString());
        Assert.Equal(deltas, completed.Usage.OutputTokenCount);
        Assert.Equal(
            ["StreamingResponseCreatedUpdate", "StreamingResponseInProgressUpdate", "StreamingResponseOutputItemAddedUpdate"],
            events.Take(3));
        Assert.Equal(
            ["StreamingResponseFunctionCallArgumentsDoneUpdate", "StreamingResponseOutputItemDoneUpdate", "StreamingResponseCompletedUpdate"],
            events.TakeLast(3));
    }

    [Fact]
    public async Task The_function_call_output_gets_a_text_answer()
    {
        await using var server = await TestServers.StartAsync();
        var client = Client(server);
        var request = ToolRequest(stream: false);
        request.ToolChoice = ResponseToolChoice.CreateAutoChoice();
        ResponseResult first = await client.CreateResponseAsync(request);
        var call = Assert.IsType<FunctionCallResponseItem>(Assert.Single(first.OutputItems));

        var followUp = new CreateResponseOptions("gpt-4o", [ResponseItem.CreateUserMessageItem("Weather in Paris?"), call, ResponseItem.CreateFunctionCallOutputItem(call.CallId, """{"temperature":21}""")])
        {
            Tools = { ResponseTool.CreateFunctionTool(WeatherTool.Name, BinaryData.FromString(WeatherTool.Parameters), strictModeEnabled: true) },
            MaxOutputTokenCount = 30,
        };
        ResponseResult second = await client.CreateResponseAsync(followUp);

        Assert.IsAssignableFrom<MessageResponseItem>(Assert.Single(second.OutputItems));
        Assert.Equal(30, Tokens(second.GetOutputText()));
    }

    [Fact]
    public async Task A_text_format_json_schema_answer_validates_and_is_echoed()
    {
        await using var server = await TestServers.StartAsync();

        ResponseResult response = await Client(server).CreateResponseAsync(new CreateResponseOptions("gpt-4o", [ResponseItem.CreateUserMessageItem("Weather?")])
        {
            TextOptions = new ResponseTextOptions { TextFormat = ResponseTextFormat.CreateJsonSchemaFormat("weather", BinaryData.FromString(WeatherTool.Answer), jsonSchemaIsStrict: true) },
            MaxOutputTokenCount = 300,
        });

        WeatherTool.AssertValid(WeatherTool.Answer, response.GetOutputText());
        Assert.Equal(Tokens(response.GetOutputText()), response.Usage.OutputTokenCount);
        Assert.Equal(ResponseTextFormatKind.JsonSchema, response.TextOptions.TextFormat.Kind);
    }
}
