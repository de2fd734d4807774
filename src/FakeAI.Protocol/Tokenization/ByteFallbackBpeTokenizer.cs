using System.Buffers;
using System.Globalization;
using System.Text;
using Microsoft.ML.Tokenizers;

namespace FakeAI.Protocol.Tokenization;

/// <summary>
/// A BPE with Hugging Face's <c>byte_fallback</c> (Llama 2, Mistral, Gemma-style <c>tokenizer.json</c>): a character the
/// vocabulary lacks becomes the <c>&lt;0xAB&gt;</c> tokens of its UTF-8 bytes instead of one unknown token.
/// Microsoft.ML.Tokenizers' <see cref="BpeTokenizer"/> has no byte fallback, so the inner BPE marks each unknown
/// character with <see cref="Marker"/> (an extra vocabulary entry no text can produce, unfused) and this wrapper replaces
/// the marks; when a byte token is missing the character falls back to the model's unknown token (adjacent ones fused
/// when <c>fuse_unk</c> is set), or is dropped when the model has none, as Hugging Face does.
/// </summary>
internal sealed class ByteFallbackBpeTokenizer : Tokenizer
{
    /// <summary>The inner BPE's unknown token: U+FFFF is a noncharacter, so no merge or input produces this string.</summary>
    public const string Marker = "\uFFFF<byte-fallback>";

    private readonly BpeTokenizer _inner;
    private readonly int _markerId;
    private readonly int[] _byteIds;
    private readonly string[] _byteTokens;
    private readonly int? _unknownId;
    private readonly string? _unknownToken;
    private readonly bool _fuseUnknown;

    public ByteFallbackBpeTokenizer(BpeTokenizer inner, int markerId, IReadOnlyDictionary<string, int> vocabulary, string? unknownToken, bool fuseUnknown)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(vocabulary);
        _inner = inner;
        _markerId = markerId;
        _fuseUnknown = fuseUnknown;
        _byteIds = new int[256];
        _byteTokens = new string[256];
        for (var b = 0; b < 256; b++)
        {
            _byteTokens[b] = string.Create(CultureInfo.InvariantCulture, $"<0x{b:X2}>");
            _byteIds[b] = vocabulary.TryGetValue(_byteTokens[b], out var id) ? id : -1;
        }

        if (unknownToken is not null && vocabulary.TryGetValue(unknownToken, out var unknownId))
        {
            _unknownId = unknownId;
            _unknownToken = unknownToken;
        }
    }

    public override PreTokenizer? PreTokenizer => _inner.PreTokenizer;

    public override Normalizer? Normalizer => _inner.Normalizer;

    protected override EncodeResults<EncodedToken> EncodeToTokens(string? text, ReadOnlySpan<char> textSpan, EncodeSettings settings)
    {
        var source = text ?? textSpan.ToString();
        var tokens = _inner.EncodeToTokens(source, out var normalized, settings.ConsiderPreTokenization, settings.ConsiderNormalization);
        var encoded = normalized ?? source;
        var result = new List<EncodedToken>(tokens.Count);
        Span<byte> bytes = stackalloc byte[4];
        var unknownEnd = -1; // where the last unknown token ends: adjacent ones fuse when the model says fuse_unk
        foreach (var token in tokens)
        {
            if (token.Id != _markerId)
            {
                result.Add(token);
                continue;
            }

            // Unfused, so each mark covers exactly one character (a surrogate pair counts as one).
            var (offset, length) = token.Offset.GetOffsetAndLength(encoded.Length);
            var count = Encoding.UTF8.GetBytes(encoded.AsSpan(offset, length), bytes);
            var known = true;
            for (var i = 0; i < count; i++)
            {
                known &= _byteIds[bytes[i]] >= 0;
            }

            if (known)
            {
                for (var i = 0; i < count; i++)
                {
                    result.Add(new EncodedToken(_byteIds[bytes[i]], _byteTokens[bytes[i]], token.Offset));
                }
            }
            else if (_unknownId is { } unknownId)
            {
                if (_fuseUnknown && unknownEnd == offset && result.Count > 0 && result[^1].Id == unknownId)
                {
                    result[^1] = new EncodedToken(unknownId, _unknownToken!, new Range(result[^1].Offset.Start, offset + length));
                }
                else
                {
                    result.Add(new EncodedToken(unknownId, _unknownToken!, token.Offset));
                }

                unknownEnd = offset + length;
            }
        }

        return new EncodeResults<EncodedToken> { Tokens = result, NormalizedText = normalized, CharsConsumed = encoded.Length };
    }

    public override OperationStatus Decode(IEnumerable<int> ids, Span<char> destination, out int idsConsumed, out int charsWritten) =>
        _inner.Decode(ids, destination, out idsConsumed, out charsWritten);
}
