using System.Collections.Concurrent;
using Microsoft.ML.Tokenizers;

namespace FakeAI.Protocol.Tokenization;

/// <summary>
/// Tokenizers read from local files, never downloaded: a Hugging Face <c>tokenizer.json</c> (BPE and WordPiece models), a
/// SentencePiece <c>tokenizer.model</c> (BPE or Unigram), or a folder holding either (<c>tokenizer.json</c> preferred,
/// unless its model is Unigram and a SentencePiece file, also as <c>spiece.model</c> or <c>sentencepiece.bpe.model</c>,
/// is beside it). Each file is loaded once per process and shared; the instances are thread-safe.
/// </summary>
public static class LocalTokenizer
{
    public const string HuggingFaceFileName = "tokenizer.json";
    public const string SentencePieceFileName = "tokenizer.model";

    /// <summary>The names SentencePiece models go by in Hugging Face model folders (Llama's, T5's, XLM-R's).</summary>
    private static readonly string[] SentencePieceFileNames = [SentencePieceFileName, "spiece.model", "sentencepiece.bpe.model"];

    private static readonly ConcurrentDictionary<string, Lazy<Tokenizer>> Cache = new(StringComparer.Ordinal);

    /// <summary>True when <paramref name="path"/> names an existing file or folder (what <c>--tokenizer</c> then loads).</summary>
    public static bool Exists(string path) => File.Exists(path) || Directory.Exists(path);

    /// <summary>Loads the tokenizer at <paramref name="path"/>; false with a one-line reason when it cannot.</summary>
    public static bool TryLoad(string path, out Tokenizer? tokenizer, out string? error)
    {
        ArgumentNullException.ThrowIfNull(path);
        tokenizer = null;
        error = null;
        string? file = null;
        try
        {
            file = Path.GetFullPath(Resolve(path));
            tokenizer = Cache.GetOrAdd(file, static f => new Lazy<Tokenizer>(() => Read(f))).Value;
            return true;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or System.Text.Json.JsonException or ArgumentException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            // Lazy keeps a failed load's exception: drop it so that a corrected file loads on the next try.
            if (file is not null)
            {
                Cache.TryRemove(file, out _);
            }

            error = e is InvalidDataException or FileNotFoundException ? e.Message : $"{path}: {e.Message}";
            return false;
        }
    }

    /// <summary>Loads the tokenizer at <paramref name="path"/> or throws <see cref="InvalidDataException"/> saying why.</summary>
    public static Tokenizer Load(string path) =>
        TryLoad(path, out var tokenizer, out var error) ? tokenizer! : throw new InvalidDataException(error);

    private static string Resolve(string path)
    {
        if (Directory.Exists(path))
        {
            var json = Path.Combine(path, HuggingFaceFileName);
            var sentencePiece = SentencePieceFileNames.Select(name => Path.Combine(path, name)).FirstOrDefault(File.Exists);
            if (File.Exists(json))
            {
                // A Unigram tokenizer.json is not bridged, but the SentencePiece file beside it holds the same model.
                return sentencePiece is not null && HuggingFaceTokenizerJson.IsUnigram(json) ? sentencePiece : json;
            }

            return sentencePiece ?? throw new FileNotFoundException($"{path}: the folder holds neither {HuggingFaceFileName} nor {SentencePieceFileName} (nor spiece.model, sentencepiece.bpe.model)");
        }

        return File.Exists(path) ? path : throw new FileNotFoundException($"{path}: no such file or folder");
    }

    private static Tokenizer Read(string file)
    {
        using var stream = File.OpenRead(file);
        if (file.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            return HuggingFaceTokenizerJson.Load(stream, file);
        }

        // Anything else is taken as a SentencePiece model (a protobuf); counts never include BOS/EOS, as aiperf's don't.
        return SentencePieceTokenizer.Create(stream, false, false);
    }
}
