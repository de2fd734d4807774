using System.Collections.Concurrent;
using Microsoft.ML.Tokenizers;

namespace FakeAI.Protocol.Tokenization;

/// <summary>
/// Loads each built-in encoding once per process (loading o200k takes ~100 ms and ~30 MB) and hands out the shared,
/// thread-safe tokenizer instances to the server and the benchmark client.
/// </summary>
public static class TokenizerService
{
    private static readonly ConcurrentDictionary<TokenizerEncoding, Lazy<TiktokenTokenizer>> Cache = new();

    /// <summary>Names accepted on the command line, in the form OpenAI's tiktoken uses.</summary>
    public static IReadOnlyList<string> KnownNames { get; } = ["o200k_base", "cl100k_base"];

    public static TiktokenTokenizer Get(TokenizerEncoding encoding) =>
        Cache.GetOrAdd(encoding, static e => new Lazy<TiktokenTokenizer>(() => Create(e))).Value;

    /// <summary>Parses an encoding name (<c>o200k_base</c>, <c>cl100k_base</c>); false for anything else.</summary>
    public static bool TryParse(string? name, out TokenizerEncoding encoding)
    {
        switch (name?.Trim().ToUpperInvariant())
        {
            case "O200K_BASE" or "O200K" or "O200KBASE":
                encoding = TokenizerEncoding.O200kBase;
                return true;
            case "CL100K_BASE" or "CL100K" or "CL100KBASE":
                encoding = TokenizerEncoding.Cl100kBase;
                return true;
            default:
                encoding = default;
                return false;
        }
    }

    public static string NameOf(TokenizerEncoding encoding) => encoding switch
    {
        TokenizerEncoding.O200kBase => "o200k_base",
        TokenizerEncoding.Cl100kBase => "cl100k_base",
        _ => throw new ArgumentOutOfRangeException(nameof(encoding), encoding, null),
    };

    private static TiktokenTokenizer Create(TokenizerEncoding encoding) =>
        TiktokenTokenizer.CreateForEncoding(NameOf(encoding));
}
