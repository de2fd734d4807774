using System.Text;
using FakeAI.Protocol.Sse;

namespace FakeAI.Protocol.Tests.Sse;

public sealed class SseParserTests
{
    private sealed class Collector : ISseEventSink
    {
        public List<(string Type, byte[] Data, long Timestamp)> Events { get; } = [];

        public void OnEvent(ReadOnlySpan<byte> eventType, ReadOnlySpan<byte> data, long firstByteTimestamp) =>
            Events.Add((Encoding.UTF8.GetString(eventType), data.ToArray(), firstByteTimestamp));

        public string[] Data => [.. Events.Select(e => Encoding.UTF8.GetString(e.Data))];
    }

    private static Collector Parse(params (string Text, long Timestamp)[] reads)
    {
        var collector = new Collector();
        using var parser = new SseParser();
        foreach (var (text, timestamp) in reads)
        {
            parser.Feed(Encoding.UTF8.GetBytes(text), timestamp, collector);
        }

        return collector;
    }

    [Fact]
    public void Parses_events_separated_by_blank_lines()
    {
        var result = Parse(("data: one\n\ndata: two\n\n", 1));
        Assert.Equal(["one", "two"], result.Data);
    }

    [Theory]
    [InlineData("\r\n")]
    [InlineData("\r")]
    [InlineData("\n")]
    public void Accepts_every_line_ending(string newline)
    {
        var result = Parse(($"data: a{newline}{newline}data: b{newline}{newline}", 1));
        Assert.Equal(["a", "b"], result.Data);
    }

    [Fact]
    public void Crlf_split_between_reads_counts_as_one_line_end()
    {
        // If the LF after a split CR were a second line end, "b" would be dispatched early as its own event.
        var result = Parse(("data: a\r", 1), ("\ndata: b\r", 2), ("\n\r\n", 3));
        Assert.Equal(["a\nb"], result.Data);
    }

    [Fact]
    public void Joins_multiple_data_lines_with_line_feed()
    {
        var result = Parse(("data: first\ndata:second\ndata\n\n", 1));
        Assert.Equal(["first\nsecond\n"], result.Data);
    }

    [Fact]
    public void Ignores_comments_and_comment_only_blocks()
    {
        var result = Parse((": keep-alive\n\n:ping\ndata: x\n\n", 1));
        Assert.Equal(["x"], result.Data);
    }

    [Fact]
    public void Reads_the_event_type_and_ignores_id_and_retry()
    {
        var result = Parse(("event: error\nid: 7\nretry: 10\ndata: {}\n\n", 1));
        Assert.Single(result.Events);
        Assert.Equal("error", result.Events[0].Type);
        Assert.Equal("{}", Encoding.UTF8.GetString(result.Events[0].Data));
    }

    [Fact]
    public void Event_split_at_every_byte_keeps_the_first_byte_timestamp()
    {
        const string text = "data: {\"a\":1}\n\ndata: [DONE]\n\n";
        var collector = new Collector();
        using var parser = new SseParser();
        var bytes = Encoding.UTF8.GetBytes(text);
        for (var i = 0; i < bytes.Length; i++)
        {
            parser.Feed(bytes.AsSpan(i, 1), 100 + i, collector);
        }

        Assert.Equal(["{\"a\":1}", "[DONE]"], collector.Data);
        Assert.Equal(100, collector.Events[0].Timestamp);
        Assert.Equal(100 + text.IndexOf("data: [DONE]", StringComparison.Ordinal), collector.Events[1].Timestamp);
    }

    [Fact]
    public void Event_completed_in_a_later_read_is_stamped_with_the_read_that_started_it()
    {
        var result = Parse(("data: he", 10), ("llo\n", 20), ("\n", 30));
        Assert.Equal(10, Assert.Single(result.Events).Timestamp);
    }

    [Fact]
    public void Invalid_utf8_passes_through_unchanged()
    {
        var collector = new Collector();
        using var parser = new SseParser();
        byte[] bytes = [.. "data: "u8.ToArray(), 0xFF, 0xC3, 0x28, .. "\n\n"u8.ToArray()];
        parser.Feed(bytes, 1, collector);
        Assert.Equal(new byte[] { 0xFF, 0xC3, 0x28 }, Assert.Single(collector.Events).Data);
    }

    [Fact]
    public void Incomplete_trailing_event_is_not_dispatched()
    {
        var result = Parse(("data: complete\n\ndata: partial\n", 1));
        Assert.Equal(["complete"], result.Data);
    }

    [Fact]
    public async Task Stream_reader_feeds_every_read_and_returns_the_last_read_time()
    {
        var collector = new Collector();
        using var parser = new SseParser();
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes("data: 1\n\ndata: 2\n\n"));
        var last = await SseStreamReader.ReadToEndAsync(stream, parser, collector, CancellationToken.None);
        Assert.Equal(["1", "2"], collector.Data);
        Assert.True(last > 0);
        Assert.True(collector.Events[0].Timestamp <= last);
    }

    [Fact]
    public void A_line_longer_than_the_limit_fails_whether_it_arrives_whole_or_in_pieces()
    {
        var collector = new Collector();
        using var whole = new SseParser(maxLineBytes: 16, maxEventBytes: 1024);
        whole.Feed(Encoding.UTF8.GetBytes("data: 0123456789\n\n"), 1, collector); // 16 bytes: allowed
        Assert.Throws<InvalidDataException>(() => whole.Feed(Encoding.UTF8.GetBytes("data: 0123456789a\n\n"), 2, collector));

        using var pieces = new SseParser(maxLineBytes: 16, maxEventBytes: 1024);
        pieces.Feed(Encoding.UTF8.GetBytes("data: 01234"), 3, collector);
        var error = Assert.Throws<InvalidDataException>(() => pieces.Feed(Encoding.UTF8.GetBytes("56789abcdef"), 4, collector));
        Assert.Contains("16-byte", error.Message, StringComparison.Ordinal);
        Assert.Equal(["0123456789"], collector.Data);
    }

    [Fact]
    public void An_event_whose_joined_data_lines_exceed_the_limit_fails()
    {
        var collector = new Collector();
        using var parser = new SseParser(maxLineBytes: 64, maxEventBytes: 10);
        parser.Feed(Encoding.UTF8.GetBytes("data: 01234\ndata: 5678\n\n"), 1, collector); // "01234\n5678" = 10 bytes
        Assert.Throws<InvalidDataException>(() => parser.Feed(Encoding.UTF8.GetBytes("data: 01234\ndata: 56789\n\n"), 2, collector));
        Assert.Equal(["01234\n5678"], collector.Data);
    }
}
