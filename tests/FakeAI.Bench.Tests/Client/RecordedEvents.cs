using System.Text;
using FakeAI.Bench.Client;
using FakeAI.Bench.Records;

namespace FakeAI.Bench.Tests.Client;

/// <summary>Plays a recorded stream of named SSE events through the record handler of an endpoint type.</summary>
internal static class RecordedEvents
{
    /// <summary>Feeds the events (name, data) at timestamps 1, 2, … and returns the record and the handler's verdict.</summary>
    public static (RequestRecord Record, ErrorDetails? Error) Play(EndpointType type, params (string Event, string Data)[] events)
    {
        var record = new RequestRecord();
        var handler = new SseRecordHandler(record, type);
        var time = 0;
        foreach (var (name, data) in events)
        {
            handler.OnEvent(Encoding.UTF8.GetBytes(name), Encoding.UTF8.GetBytes(data), ++time);
        }

        handler.Complete();
        return (record, handler.Diagnose(new ResponseHead(200, "OK", null, true, IsEventStream: true, KeepAlive: true)));
    }
}
