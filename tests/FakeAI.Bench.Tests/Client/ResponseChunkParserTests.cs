using System.Text;
using FakeAI.Bench.Client;
using FakeAI.Bench.Records;

namespace FakeAI.Bench.Tests.Client;

public sealed class ResponseChunkParserTests
{
    private static RequestRecord Feed(params string[] events)
    {
        var record = new RequestRecord();
        var handler = new SseRecordHandler(record);
        var time = 0;
        foreach (var data in events)
        {
            handler.OnEvent(default, Encoding.UTF8.GetBytes(data), ++time);
        }

        handler.Complete();
        return record;
    }

    [Fact]
    public void Only_chunks_with_content_or_reasoning_count_as_responses()
    {
        var record = Feed(
            "{\"choices\":[{\"delta\":{\"role\":\"assistant\"}}]}",
            "{\"choices\":[{\"delta\":{\"content\":\"\"}}]}",
            "{\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}",
            "{\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}",
            "{\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1,\"completion_tokens_details\":{\"reasoning_tokens\":0}}}",
            "[DONE]",
            "not json at all");
        Assert.Equal([3L], record.ResponseTimestamps.ToArray());
        Assert.Equal("Hi", record.ContentText);
        Assert.Equal(3, record.UsagePromptTokens);
        Assert.Equal(1, record.UsageCompletionTokens);
        Assert.Equal(0, record.UsageReasoningTokens);
    }

    [Fact]
    public void Reads_cached_prompt_tokens_from_prompt_tokens_details_and_leaves_them_null_when_absent()
    {
        var cached = Feed(
            "{\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}",
            "{\"choices\":[],\"usage\":{\"prompt_tokens\":40,\"prompt_tokens_details\":{\"audio_tokens\":0,\"cached_tokens\":32},\"completion_tokens\":1}}");
        Assert.Equal(40, cached.UsagePromptTokens);
        Assert.Equal(32, cached.UsageCachedTokens);
        Assert.Equal(1, cached.UsageCompletionTokens);

        var plain = Feed("{\"choices\":[{\"message\":{\"content\":\"Hi\"}}],\"usage\":{\"prompt_tokens\":40,\"prompt_tokens_details\":null,\"completion_tokens\":1}}");
        Assert.Equal(40, plain.UsagePromptTokens);
        Assert.Null(plain.UsageCachedTokens);
    }

    [Fact]
    public void A_chunk_with_reasoning_and_content_counts_once_and_feeds_both_texts()
    {
        var record = Feed(
            "{\"choices\":[{\"delta\":{\"reasoning_content\":\"think\"}}]}",
            "{\"choices\":[{\"delta\":{\"reasoning\":\" more\",\"content\":\"Answer\"}}]}",
            "{\"choices\":[{\"delta\":{\"content\":\" done\"}}]}");
        Assert.Equal(3, record.ResponseCount);
        Assert.Equal("think more", record.ReasoningText);
        Assert.Equal("Answer done", record.ContentText);
    }

    [Fact]
    public void Reads_non_streamed_chat_and_completion_bodies_and_unescapes_text()
    {
        var chat = Feed("{\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"a\\n\\u00e9\"}}]}");
        Assert.Equal("a\né", chat.ContentText);
        var completion = Feed("{\"object\":\"text_completion\",\"choices\":[{\"text\":\"xyz\",\"index\":0}]}");
        Assert.Equal("xyz", completion.ContentText);
    }

    [Fact]
    public void Invalid_utf8_inside_a_chunk_drops_that_chunk_only()
    {
        var record = new RequestRecord();
        var handler = new SseRecordHandler(record);
        byte[] bad = [.. "{\"choices\":[{\"delta\":{\"content\":\""u8.ToArray(), 0xFF, 0xFE, .. "\"}}]}"u8.ToArray()];
        handler.OnEvent(default, bad, 1);
        handler.OnEvent(default, "{\"choices\":[{\"delta\":{\"content\":\"ok\"}}]}"u8, 2);
        handler.Complete();
        Assert.Equal([2L], record.ResponseTimestamps.ToArray());
        Assert.Equal("ok", record.ContentText);
    }
}
