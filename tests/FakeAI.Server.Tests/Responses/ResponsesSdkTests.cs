#pragma warning disable OPENAI001 // the SDK marks its Responses client experimental
using System.ClientModel;
using FakeAI.Protocol.Tokenization;
using OpenAI.Responses;

namespace FakeAI.Server.Tests.Responses;

/// <summary>The official OpenAI .NET SDK's Responses client parses what the fake sends, streamed and whole.</summary>
public sealed class ResponsesSdkTests
{
    private static ResponsesClient Client(FakeAIServer server) =>
        new(new ApiKeyCredential("unused"), new ResponsesClientOptions { Endpoint = new Uri(server.Url, "/v1") });

    private static int Tokens(string text) => TokenizerService.Get(TokenizerEncoding.O200kBase).CountTokens(text);

    [Fact]
    public async Task Non_streaming_response_parses_with_text_and_usage()
    {
        await using var server = await TestServers.StartAsync(o => o.KvCache.Enabled = false);
        var client = Client(server);

        ResponseResult response = await client.CreateResponseAsync(new CreateResponseOptions("gpt-4o", [ResponseItem.CreateUserMessageItem("Tell me a story about a fast server.")])
        {
            Instructions = "Be brief.",
            MaxOutputTokenCount = 40,
            Temperature = 0.7f,
        });

        Assert.StartsWith("resp_", response.Id, StringComparison.Ordinal);
        Assert.Equal(ResponseStatus.Completed, response.Status);
        Assert.Equal("gpt-4o", response.Model);
        var message = Assert.IsAssignableFrom<MessageResponseItem>(Assert.Single(response.OutputItems));
        Assert.Equal(MessageRole.Assistant, message.Role);
        Assert.Equal(40, Tokens(response.GetOutputText()));
        Assert.Equal(40, response.Usage.OutputTokenCount);
        Assert.Equal(Tokens("Be brief.") + Tokens("Tell me a story about a fast server."), response.Usage.InputTokenCount);
        Assert.Equal(response.Usage.InputTokenCount + 40, response.Usage.TotalTokenCount);
        Assert.Equal(0, response.Usage.InputTokenDetails.CachedTokenCount);
        Assert.Equal(0, response.Usage.OutputTokenDetails.ReasoningTokenCount);
    }

    [Fact]
    public async Task Streaming_text_is_the_concatenated_deltas_and_usage_matches()
    {
        await using var server = await TestServers.StartAsync();
        var client = Client(server);

        var deltas = 0;
        var text = new System.Text.StringBuilder();
        var sequence = new List<int>();
        ResponseResult? completed = null;
        await foreach (var update in await client.CreateResponseStreamingAsync(new CreateResponseOptions("gpt-4o", [ResponseItem.CreateUserMessageItem("Hello")])
        {
            MaxOutputTokenCount = 37,
            StreamingEnabled = true,
        }))
        {
            sequence.Add(update.SequenceNumber);
            switch (update)
            {
                case StreamingResponseOutputTextDeltaUpdate delta:
                    deltas++;
                    text.Append(delta.Delta);
                    break;
                case StreamingResponseCompletedUpdate done:
                    completed = done.Response;
                    break;
            }
        }

        Assert.Equal(37, deltas);
        Assert.Equal(Enumerable.Range(0, sequence.Count), sequence);
        Assert.NotNull(completed);
        Assert.Equal(text.ToString(), completed.GetOutputText());
        Assert.Equal(37, Tokens(text.ToString()));
        Assert.Equal(37, completed.Usage.OutputTokenCount);
        Assert.Equal(Tokens("Hello"), completed.Usage.InputTokenCount);
    }

    [Fact]
    public async Task Reasoning_model_summary_parses_as_a_reasoning_item()
    {
        await using var server = await TestServers.StartAsync(o => o.ReasoningTokens = 8);
        var client = Client(server);

        var summary = new System.Text.StringBuilder();
        ResponseResult? completed = null;
        await foreach (var update in await client.CreateResponseStreamingAsync(new CreateResponseOptions("o3-mini", [ResponseItem.CreateUserMessageItem("Why is the sky blue?")])
        {
            MaxOutputTokenCount = 30,
            ReasoningOptions = new ResponseReasoningOptions { ReasoningSummaryVerbosity = ResponseReasoningSummaryVerbosity.Auto },
            StreamingEnabled = true,
        }))
        {
            switch (update)
            {
                case StreamingResponseReasoningSummaryTextDeltaUpdate delta:
                    summary.Append(delta.Delta);
                    break;
                case StreamingResponseCompletedUpdate done:
                    completed = done.Response;
                    break;
            }
        }

        Assert.NotNull(completed);
        Assert.Equal(8, Tokens(summary.ToString()));
        var reasoning = Assert.IsAssignableFrom<ReasoningResponseItem>(completed.OutputItems[0]);
        Assert.Equal(summary.ToString(), reasoning.GetSummaryText());
        Assert.IsAssignableFrom<MessageResponseItem>(completed.OutputItems[1]);
        Assert.Equal(8, completed.Usage.OutputTokenDetails.ReasoningTokenCount);
        Assert.Equal(30, completed.Usage.OutputTokenCount);
        Assert.Equal(22, Tokens(completed.GetOutputText()));
    }

    [Fact]
    public async Task Chaining_counts_the_stored_conversation_and_get_and_delete_work()
    {
        await using var server = await TestServers.StartAsync(o => o.KvCache.Enabled = false);
        var client = Client(server);

        ResponseResult first = await client.CreateResponseAsync(new CreateResponseOptions("gpt-4o", [ResponseItem.CreateUserMessageItem("Hello there")])
        {
            Instructions = "Be brief.",
            MaxOutputTokenCount = 12,
        });
        ResponseResult second = await client.CreateResponseAsync(new CreateResponseOptions("gpt-4o", [ResponseItem.CreateUserMessageItem("And then?")])
        {
            PreviousResponseId = first.Id,
            MaxOutputTokenCount = 5,
        });

        // The earlier input and output come before the new input; the earlier instructions do not carry over.
        Assert.Equal(Tokens("Hello there") + Tokens(first.GetOutputText()) + Tokens("And then?"), second.Usage.InputTokenCount);
        Assert.Equal(first.Id, second.PreviousResponseId);

        ResponseResult fetched = await client.GetResponseAsync(first.Id);
        Assert.Equal(first.GetOutputText(), fetched.GetOutputText());
        Assert.Equal(first.Usage.TotalTokenCount, fetched.Usage.TotalTokenCount);

        ResponseDeletionResult deleted = await client.DeleteResponseAsync(first.Id);
        Assert.True(deleted.Deleted);
        Assert.Equal(first.Id, deleted.ResponseId);
        var missing = await Assert.ThrowsAsync<ClientResultException>(() => client.GetResponseAsync(first.Id));
        Assert.Equal(404, missing.Status);
    }
}
