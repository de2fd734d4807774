using System.Buffers;
using FakeAI.Protocol.Sse;
using FakeAI.Server.Generation;
using FakeAI.Server.Streaming;

namespace FakeAI.Server.Faults;

/// <summary>
/// How <see cref="FaultedResponseWriter"/> writes a faulted stream step by step, so one schedule loop serves both stream
/// kinds: chat and legacy completions (one or more choices in chunk templates, <c>[DONE]</c> after the finish), and the
/// named events of the Responses and Messages APIs (one choice written through the shape's numbered-event methods, as
/// <see cref="ResponseWriter"/> writes it; the finish events end the stream, so a fault after the last token strikes
/// before them).
/// </summary>
internal abstract class FaultedStreamSteps
{
    public static FaultedStreamSteps For(PlannedResponse response, IResponseShape shape, bool namedEvents) =>
        namedEvents ? new EventSteps(response, shape) : new ChoiceSteps(response, shape);

    /// <summary>Writes what precedes the first token.</summary>
    public abstract void Open(IBufferWriter<byte> writer);

    /// <summary>Writes token <paramref name="step"/> (of every choice that has one).</summary>
    public abstract void Write(IBufferWriter<byte> writer, int step);

    /// <summary>The event the stream would have written at <paramref name="step"/> (what follows the last token after it).</summary>
    public abstract byte[] Next(int step);

    /// <summary>Writes what follows the last token of a stream that completes.</summary>
    public abstract void Finish(IBufferWriter<byte> writer);

    private sealed class ChoiceSteps(PlannedResponse response, IResponseShape shape) : FaultedStreamSteps
    {
        private ChoiceStreams? _streams;

        public override void Open(IBufferWriter<byte> writer) => _streams = ChoiceStreams.Open(writer, response, shape);

        // Each choice's finish travels with its last token.
        public override void Write(IBufferWriter<byte> writer, int step) => _streams!.WriteStep(writer, step);

        public override byte[] Next(int step)
        {
            var buffer = new ArrayBufferWriter<byte>(512);
            if (!_streams!.WriteFirstToken(buffer, step))
            {
                shape.WriteUsage(buffer, response.Usage);
            }

            return buffer.WrittenSpan.ToArray();
        }

        public override void Finish(IBufferWriter<byte> writer)
        {
            if (response.IncludeUsage)
            {
                shape.WriteUsage(writer, response.Usage);
            }

            SseFraming.WriteDone(writer);
        }
    }

    private sealed class EventSteps(PlannedResponse response, IResponseShape shape) : FaultedStreamSteps
    {
        // A mutable struct: not readonly, or every Next() would advance a copy.
        private TokenCursor _tokens = response.Completion.Tokens();

        private int ReasoningTokens => response.Completion.ReasoningTokens;

        public override void Open(IBufferWriter<byte> writer) => shape.WriteOpening(writer);

        public override void Write(IBufferWriter<byte> writer, int step)
        {
            if (step == ReasoningTokens && step > 0)
            {
                shape.WriteContentStart(writer);
            }

            WriteToken(writer, step);
        }

        public override byte[] Next(int step)
        {
            var buffer = new ArrayBufferWriter<byte>(512);
            if (step < response.Completion.TotalTokens)
            {
                WriteToken(buffer, step);
            }
            else
            {
                shape.WriteFinish(buffer, response.Completion.FinishReason);
            }

            return buffer.WrittenSpan.ToArray();
        }

        public override void Finish(IBufferWriter<byte> writer)
        {
            shape.WriteFinish(writer, response.Completion.FinishReason);
            if (response.IncludeUsage)
            {
                shape.WriteUsage(writer, response.Usage);
            }

            shape.WriteEnd(writer);
        }

        private void WriteToken(IBufferWriter<byte> writer, int step) =>
            shape.WriteToken(writer, step, ReasoningTokens, response.Vocabulary.Tokens[_tokens.Next()].JsonString);
    }
}
