using System.Text.Json;

namespace FakeAI.Cli.Tests.Profile;

/// <summary><c>fakeai profile --tokenizer &lt;folder&gt;</c> with a WordPiece <c>tokenizer.json</c> (an embedding model's,
/// as for all-mpnet-base-v2 or BGE) written by the test: the input sequence lengths are counted by it.</summary>
public sealed class LocalTokenizerProfileTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "fakeai-local-tokenizer-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private const string WordPieceJson = """
        {
          "added_tokens": [{"id": 1, "content": "[UNK]", "normalized": false, "special": true}],
          "normalizer": {"type": "BertNormalizer", "clean_text": true, "handle_chinese_chars": true, "strip_accents": null, "lowercase": true},
          "pre_tokenizer": {"type": "BertPreTokenizer"},
          "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##", "max_input_chars_per_word": 100,
                    "vocab": {"[PAD]": 0, "[UNK]": 1, "un": 2, "##aff": 3, "##able": 4, "hello": 5, "中": 6}}
        }
        """;

    [Fact]
    public async Task Input_sequence_lengths_are_counted_by_the_wordpiece_tokenizer_json_in_the_folder()
    {
        var model = Path.Combine(_directory, "all-mpnet-base-v2");
        Directory.CreateDirectory(model);
        await File.WriteAllTextAsync(Path.Combine(model, "tokenizer.json"), WordPieceJson);
        var prompts = Path.Combine(_directory, "prompts.jsonl");

        // 3 tokens (hello, lowercased, three times; o200k_base counts 6) and 7 ([UNK] for each word with an emoji,
        // un ##aff ##able, 中, [UNK] for 文; o200k_base counts 8).
        await File.WriteAllTextAsync(prompts, "{\"text\": \"HELLO HELLO HELLO\"}\n{\"text\": \"hello\\ud83d\\ude00 hello\\ud83d\\ude00 Unaffable \\u4e2d\\u6587\"}\n");
        var artifacts = Path.Combine(_directory, "out");

        var (exitCode, output) = await CliRunner.RunAsync(
        [
            "profile", "-m", "sentence-transformers/all-mpnet-base-v2", "--endpoint-type", "embeddings", "--tokenizer", model,
            "--input-file", prompts, "--custom-dataset-type", "single_turn", "--request-count", "10", "--concurrency", "1", "--random-seed", "1",
            "--ui", "none", "--artifact-dir", artifacts,
        ]);

        Assert.True(exitCode == 0, output);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(artifacts, "profile_export_aiperf.json")));
        var isl = json.RootElement.GetProperty("input_sequence_length");
        // Prompts are drawn at random (seeded): both show.
        Assert.Equal(3, isl.GetProperty("min").GetDouble());
        Assert.Equal(7, isl.GetProperty("max").GetDouble());
    }
}
