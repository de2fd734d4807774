using FakeAI.LlamaPeer.Gguf;
using Microsoft.ML.Tokenizers;

namespace FakeAI.LlamaPeer.Tests;

public sealed class TinyVocabularyTests
{
    [Theory]
    [InlineData("o200k_base")]
    [InlineData("cl100k_base")]
    public void Every_generated_word_is_one_token_of_the_clients_tokenizers_too(string encoding)
    {
        // The peer generates only these words; a client counting output tokens with its own tokenizer must count one each.
        var tokenizer = TiktokenTokenizer.CreateForEncoding(encoding);

        var miscounted = TinyVocabulary.WordList.Where(w => tokenizer.CountTokens(" " + w) != 1).ToList();

        Assert.Empty(miscounted);
    }

    [Fact]
    public void The_word_ids_are_the_whole_words_after_the_space_mark()
    {
        var vocabulary = new TinyVocabulary();

        Assert.Equal(TinyVocabulary.WordList.Distinct().Select(w => "\u2581" + w), vocabulary.WordIds.Select(id => vocabulary.Tokens[id]));
    }
}
