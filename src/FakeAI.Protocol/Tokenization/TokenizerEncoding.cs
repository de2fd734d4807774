namespace FakeAI.Protocol.Tokenization;

/// <summary>The built-in byte-pair encodings; their data ships in NuGet packages, so nothing downloads.</summary>
public enum TokenizerEncoding
{
    /// <summary>GPT-4o / gpt-oss family encoding (the default).</summary>
    O200kBase,

    /// <summary>GPT-4 / GPT-3.5 family encoding.</summary>
    Cl100kBase,
}
