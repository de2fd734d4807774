using System.Buffers;
using FakeAI.Server.Telemetry;

namespace FakeAI.Server.Streaming;

/// <summary>
/// One stream's entries in the server's own metrics: running while it lives, TTFT at its first write, one inter-token gap
/// per later write (kept in a pooled array and observed together at the end, off the per-token path), and success with
/// its end-to-end time.
/// </summary>
internal sealed class StreamTimeline : IDisposable
{
    private readonly ServerMetrics _metrics;
    private readonly string _model;
    private readonly long _start;
    private readonly double _secondsPerTick;
    private readonly double[] _gaps;
    private int _writes;
    private long _previousWrite;

    /// <param name="state">The server whose metrics the stream counts in.</param>
    /// <param name="response">The stream's plan: model, prompt tokens and t0.</param>
    /// <param name="writes">How many timed writes the stream will make (tokens, or steps when choices share them).</param>
    public StreamTimeline(ServerState state, PlannedResponse response, int writes)
    {
        _metrics = state.Metrics;
        _model = response.Model.Id;
        _start = response.Start;
        _secondsPerTick = 1.0 / state.Time.TimestampFrequency;
        _gaps = writes > 1 ? ArrayPool<double>.Shared.Rent(writes - 1) : [];
        _metrics.RequestStarted(_model, response.PromptTokens);
    }

    /// <summary>Notes a write at <paramref name="timestamp"/>: the first is the TTFT, each later one a gap.</summary>
    public void Wrote(long timestamp)
    {
        if (_writes == 0)
        {
            _metrics.RecordFirstToken(_model, (timestamp - _start) * _secondsPerTick);
        }
        else
        {
            _gaps[_writes - 1] = (timestamp - _previousWrite) * _secondsPerTick;
        }

        _writes++;
        _previousWrite = timestamp;
    }

    /// <summary>The stream ended normally at <paramref name="timestamp"/>.</summary>
    public void Succeeded(string finishReason, int completionTokens, long timestamp)
    {
        _metrics.RecordInterTokenGaps(_model, _gaps.AsSpan(0, Math.Max(0, _writes - 1)));
        _metrics.RecordSuccess(_model, finishReason, completionTokens, (timestamp - _start) * _secondsPerTick);
    }

    public void Dispose()
    {
        _metrics.RequestEnded(_model);
        if (_gaps.Length > 0)
        {
            ArrayPool<double>.Shared.Return(_gaps);
        }
    }
}
