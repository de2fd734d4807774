using System.Text.Json.Serialization;
using FakeAI.Protocol.Json;

namespace FakeAI.Protocol.Chat;

/// <summary><c>stop</c>: a single string or an array of strings.</summary>
[JsonConverter(typeof(StopSequencesConverter))]
public sealed class StopSequences
{
    public StopSequences(IReadOnlyList<string> values) => Values = values;

    public IReadOnlyList<string> Values { get; }
}
