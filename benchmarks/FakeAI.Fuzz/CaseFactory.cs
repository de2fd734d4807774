using System.Text;

namespace FakeAI.Fuzz;

/// <summary>Turns a case number into a request: the same seed and number always give the same bytes.</summary>
internal static class CaseFactory
{
    public static FuzzCase Create(int seed, long index)
    {
        var r = new Random(unchecked((seed * 1_000_003) ^ (int)index ^ (int)(index >> 32)));
        var (route, body) = RequestGrammar.Next(r);
        var roll = r.Next(100);
        var mutations = new List<string>();
        var bytes = body is null ? null : Encoding.UTF8.GetBytes(body.ToJsonString());
        if (body is not null && (roll is >= 15 and < 60 || (roll >= 60 && r.Next(2) == 0)))
        {
            (bytes, var jsonMutation) = JsonMutator.Mutate(body, r);
            mutations.Add(jsonMutation);
        }

        var request = HttpRequestBuilder.For(body is null ? "GET" : "POST", route, bytes, apiKey: null);
        var wellFramed = true;
        Func<byte[], byte[]>? postProcess = null;
        if (roll is >= 60 and < 80 || (body is null && roll is >= 15 and < 60))
        {
            mutations.Add("http:" + HttpMutator.MutateKeepingFrame(request, r));
        }
        else if (roll >= 80)
        {
            mutations.Add("frame:" + HttpMutator.BreakFrame(request, r, out postProcess));
            wellFramed = false;
        }

        var wire = request.ToBytes();
        if (postProcess is not null)
        {
            wire = postProcess(wire);
        }

        var streaming = body?["stream"]?.GetValueKind() == System.Text.Json.JsonValueKind.True;
        var label = mutations.Count == 0 ? "valid" : string.Join(' ', mutations);
        return new FuzzCase(index, route + (streaming ? " (stream)" : string.Empty), label, wire, wellFramed, HalfClose: !wellFramed);
    }
}
