using System.Buffers;
using FakeAI.Server.Generation;

namespace FakeAI.Server.Streaming;

/// <summary>
/// The per-choice state of a stream with one or more choices, as the multi-choice and faulted writers walk it step by
/// step: each choice's chunk templates and its token cursor.
/// </summary>
internal sealed class ChoiceStreams
{
    private readonly PlannedResponse _response;
    private readonly IResponseShape _shape;
    private readonly ChunkTemplate[] _content;
    private readonly ChunkTemplate?[] _reasoning;
    private readonly TokenCursor[] _tokens;

    private ChoiceStreams(PlannedResponse response, IResponseShape shape)
    {
        _response = response;
        _shape = shape;
        var count = response.Choices.Count;
        _content = new ChunkTemplate[count];
        _reasoning = new ChunkTemplate?[count];
        _tokens = new TokenCursor[count];
    }

    /// <summary>
    /// Writes every choice's opening chunk, and the finish of a choice a stop string cut to nothing (they all leave with
    /// the first token).
    /// </summary>
    public static ChoiceStreams Open(IBufferWriter<byte> writer, PlannedResponse response, IResponseShape shape)
    {
        var streams = new ChoiceStreams(response, shape);
        var choices = response.Choices;
        for (var c = 0; c < choices.Count; c++)
        {
            streams._content[c] = shape.ContentTemplate(c);
            streams._reasoning[c] = choices[c].ReasoningTokens > 0 ? shape.ReasoningTemplate(c) : null;
            streams._tokens[c] = choices[c].Tokens();
            shape.WriteOpening(writer, c);
        }

        for (var c = 0; c < choices.Count; c++)
        {
            if (choices[c].TotalTokens == 0)
            {
                shape.WriteFinish(writer, choices[c].FinishReason, c);
            }
        }

        return streams;
    }

    /// <summary>Writes token <paramref name="step"/> of every choice that has one, each followed by its finish if it is its last.</summary>
    public void WriteStep(IBufferWriter<byte> writer, int step)
    {
        var choices = _response.Choices;
        for (var c = 0; c < choices.Count; c++)
        {
            var completion = choices[c];
            if (step >= completion.TotalTokens)
            {
                continue;
            }

            WriteToken(writer, c, step);
            if (step == completion.TotalTokens - 1)
            {
                _shape.WriteFinish(writer, completion.FinishReason, c);
            }
        }
    }

    /// <summary>Writes the chunk of the first choice that has a token at <paramref name="step"/>; false when none has.</summary>
    public bool WriteFirstToken(IBufferWriter<byte> writer, int step)
    {
        var choices = _response.Choices;
        for (var c = 0; c < choices.Count; c++)
        {
            if (step < choices[c].TotalTokens)
            {
                WriteToken(writer, c, step);
                return true;
            }
        }

        return false;
    }

    private void WriteToken(IBufferWriter<byte> writer, int choice, int step)
    {
        var template = step < _response.Choices[choice].ReasoningTokens ? _reasoning[choice]! : _content[choice];
        template.Write(writer, _tokens[choice].NextToken().JsonString);
    }
}
