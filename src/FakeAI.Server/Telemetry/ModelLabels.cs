using System.Collections.Concurrent;

namespace FakeAI.Server.Telemetry;

/// <summary>
/// The <c>model_name</c> label of a model on <c>/metrics</c>. The first <see cref="Max"/> distinct models get their own;
/// every later one shares <see cref="Other"/>, so a client naming a new model on every request (any name is a model
/// unless models are strict) cannot grow <c>/metrics</c> and the server's memory without bound.
/// </summary>
internal sealed class ModelLabels
{
    public const int Max = 100;

    public const string Other = "__other__";

    private readonly ConcurrentDictionary<string, byte> _own = new(StringComparer.Ordinal);

    public string Of(string model)
    {
        if (_own.ContainsKey(model))
        {
            return model;
        }

        // Two models may both pass the count check at once; the cap is then exceeded by the number of racing threads.
        if (_own.Count < Max && _own.TryAdd(model, 0))
        {
            return model;
        }

        return _own.ContainsKey(model) ? model : Other;
    }
}
