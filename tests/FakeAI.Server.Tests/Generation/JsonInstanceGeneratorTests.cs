using System.Text.Json;
using FakeAI.Protocol.Tokenization;
using FakeAI.Server.Generation;
using FakeAI.Server.Generation.Json;
using Json.Schema;
using SchemaNode = FakeAI.Server.Generation.Json.JsonSchemaNode;

namespace FakeAI.Server.Tests.Generation;

public sealed class JsonInstanceGeneratorTests
{
    public static TheoryData<int> CorpusIndexes()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < SchemaCorpus.Schemas.Length; i++)
        {
            data.Add(i);
        }

        return data;
    }

    [Fact]
    public void The_corpus_has_at_least_thirty_schemas() => Assert.True(SchemaCorpus.Schemas.Length >= 30);

    [Theory]
    [MemberData(nameof(CorpusIndexes))]
    public void Every_generated_instance_validates_against_its_schema(int index)
    {
        var text = SchemaCorpus.Schemas[index];
        var validator = JsonSchema.FromText(text);
        var node = Compile(text);
        var options = new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true };
        for (var seed = 0UL; seed < 25; seed++)
        {
            var generated = JsonInstanceGenerator.Generate(node, seed, 1_000_000);
            Assert.False(generated.Cut);
            using var instance = JsonDocument.Parse(generated.Text);
            var result = validator.Evaluate(instance.RootElement, options);
            Assert.True(result.IsValid, $"schema {index}, seed {seed}: {generated.Text} fails: {Describe(result)}");
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_instance_and_another_seed_another()
    {
        var node = Compile(SchemaCorpus.Schemas[33]);

        var first = JsonInstanceGenerator.Generate(node, 42, 1_000_000).Text;

        Assert.Equal(first, JsonInstanceGenerator.Generate(node, 42, 1_000_000).Text);
        Assert.NotEqual(first, JsonInstanceGenerator.Generate(node, 43, 1_000_000).Text);
    }

    [Theory]
    [InlineData(TokenizerEncoding.O200kBase)]
    [InlineData(TokenizerEncoding.Cl100kBase)]
    public void Tokenized_instances_are_cut_where_the_tokenizer_cuts_them(TokenizerEncoding encoding)
    {
        var tokenizer = TokenizerService.Get(encoding);
        foreach (var schema in SchemaCorpus.Schemas)
        {
            var text = JsonInstanceGenerator.Generate(Compile(schema), 7, 1_000_000).Text;

            var tokens = TokenizedText.Create(tokenizer, text);

            Assert.Equal(text, tokens.Prefix(tokens.Tokens.Length));
            Assert.Equal(tokenizer.CountTokens(text), tokens.Tokens.Length);
        }
    }

    [Fact]
    public void A_long_instance_is_cut_at_the_byte_budget()
    {
        var node = Compile("""{"type":"array","items":{"type":"string","minLength":100},"minItems":1000}""");

        var generated = JsonInstanceGenerator.Generate(node, 1, 2_000);

        Assert.True(generated.Cut);
        Assert.InRange(generated.Text.Length, 1_000, 2_300);
    }

    [Theory]
    [InlineData("""{"type":"object","properties":{"a":{"type":"string","pattern":"^a+$"}}}""", "'pattern'", "('properties', 'a')")]
    [InlineData("""{"allOf":[{"type":"string"}]}""", "'allOf'", "()")]
    [InlineData("""{"type":"array","items":{"type":"string"},"uniqueItems":true}""", "'uniqueItems'", "()")]
    [InlineData("""{"type":"object","properties":{"a":{"oneOf":[{"type":"string"}]}}}""", "'oneOf'", "('properties', 'a')")]
    [InlineData("""{"type":"object","properties":{"b":{"type":"strnig"}}}""", "'strnig' is not a valid type", "('properties', 'b')")]
    [InlineData("""{"type":"object","properties":{"c":{"$ref":"#/$defs/missing"}}}""", "does not resolve", "('properties', 'c')")]
    [InlineData("""{"$ref":"https://example.com/schema.json"}""", "only local references", "()")]
    [InlineData("""{"type":"string","minLength":5,"maxLength":2}""", "'minLength' is greater than 'maxLength'", "()")]
    [InlineData("""{"type":"integer","minimum":1.2,"maximum":1.8}""", "admit no integer", "()")]
    [InlineData("""{"type":"string","enum":[1,2]}""", "no value of 'enum' matches 'type'", "()")]
    [InlineData("""[1,2]""", "must be a JSON object", "()")]
    public void Unsupported_or_invalid_schemas_are_refused_by_name(string schema, string named, string context)
    {
        var error = Assert.Throws<InvalidJsonSchemaException>(() => Compile(schema));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.Contains("In context=" + context, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_recursion_that_cannot_end_is_refused()
    {
        var node = Compile("""{"type":"object","properties":{"self":{"$ref":"#"}},"required":["self"]}""");

        var error = Assert.Throws<InvalidJsonSchemaException>(() => JsonInstanceGenerator.Generate(node, 1, 1_000_000));

        Assert.Contains("recurse", error.Message, StringComparison.Ordinal);
    }

    private static SchemaNode Compile(string schema)
    {
        using var document = JsonDocument.Parse(schema);
        return JsonSchemaCompiler.Compile(document.RootElement.Clone());
    }

    private static string Describe(EvaluationResults result) =>
        string.Join("; ", (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).Select(d => d.InstanceLocation + ": " + string.Join(", ", d.Errors!.Values)));
}
