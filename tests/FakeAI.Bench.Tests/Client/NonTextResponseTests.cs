using System.Text;
using FakeAI.Bench.Client;
using FakeAI.Bench.Records;

namespace FakeAI.Bench.Tests.Client;

/// <summary>Embeddings (<c>object: "list"</c>) and rankings bodies carry no text but are responses, as in aiperf.</summary>
public sealed class NonTextResponseTests
{
    private static RequestRecord Apply(string body)
    {
        var record = new RequestRecord { StatusCode = 200 };
        var handler = new SseRecordHandler(record);
        handler.Apply(Encoding.UTF8.GetBytes(body), 7);
        handler.Complete();
        return record;
    }

    [Theory]
    [InlineData("""{"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.1,0.2]}],"model":"m","usage":{"prompt_tokens":5,"total_tokens":5}}""")]
    [InlineData("""{"data":[{"object":"embedding","index":0,"embedding":"AAAAAA=="},{"object":"embedding","index":1,"embedding":[1]}],"object":"list","usage":{"prompt_tokens":5}}""")]
    [InlineData("""{"rankings":[{"index":1,"logit":2.5},{"index":0,"logit":-1}],"usage":{"prompt_tokens":5,"total_tokens":5}}""")]
    public void Embeddings_and_rankings_bodies_are_one_response_with_usage(string body)
    {
        var record = Apply(body);

        Assert.Equal([7L], record.ResponseTimestamps.ToArray());
        Assert.True(record.IsValid);
        Assert.Equal(5, record.UsagePromptTokens);
        Assert.Equal("", record.ContentText);
    }

    [Theory]
    [InlineData("""{"object":"list","data":[]}""")]
    [InlineData("""{"object":"model_list","data":[{"id":"m"}]}""")]
    [InlineData("""{"data":[{"object":"embedding"}]}""")]
    [InlineData("""{"rankings":[]}""")]
    [InlineData("""{"error":{"message":"bad","type":"invalid_request_error"}}""")]
    public void Empty_or_foreign_results_are_not_responses(string body)
    {
        var record = Apply(body);

        Assert.Equal(0, record.ResponseCount);
        Assert.False(record.IsValid);
    }
}
