using System.CommandLine;
using FakeAI.Cli.Server;

namespace FakeAI.Cli.Embedded;

/// <summary>
/// The KV cache flags of the server that <c>profile</c>, <c>suite</c> and <c>bench</c> start in-process when no
/// <c>--url</c> is given: one definition, so every command spells and describes them the same way.
/// </summary>
internal sealed class EmbeddedKvCacheOptions
{
    /// <summary>The flags' names, for the error when they are combined with <c>--url</c>.</summary>
    public const string Names = "--no-kv-cache/--kv-workers/--router";

    public Option<bool> NoKvCache { get; } = new("--no-kv-cache") { Description = "Embedded server only: turn its KV (prefix) cache simulation off." };

    public Option<int?> KvWorkers { get; } = new("--kv-workers") { Description = "Embedded server only: simulated engine workers behind its router, 1-64 (default 4)." };

    public Option<string> Router { get; } = new("--router") { Description = "Embedded server only: routing policy kv (default), round-robin, random or least-loaded." };

    public IEnumerable<Option> All => [NoKvCache, KvWorkers, Router];

    public void AddTo(Command command)
    {
        foreach (var option in All)
        {
            command.Options.Add(option);
        }
    }

    public KvCacheArguments Read(ParseResult parseResult) => new()
    {
        Disabled = parseResult.GetValue(NoKvCache),
        Workers = parseResult.GetValue(KvWorkers),
        Router = parseResult.GetValue(Router),
    };

    /// <summary>True when any of these flags was given (they then require an embedded server).</summary>
    public static bool AnyGiven(KvCacheArguments arguments) =>
        arguments.Disabled || arguments.Workers is not null || arguments.Router is not null;
}
