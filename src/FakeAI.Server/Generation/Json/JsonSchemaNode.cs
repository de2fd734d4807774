using System.Text.Json;

namespace FakeAI.Server.Generation.Json;

/// <summary>
/// One compiled JSON Schema: the keywords <see cref="JsonInstanceGenerator"/> honours, already checked for type and
/// consistency by <see cref="JsonSchemaCompiler"/>. Filled in by the compiler (a <c>$ref</c> cycle needs the node before
/// its children exist), read-only afterwards.
/// </summary>
internal sealed class JsonSchemaNode
{
    /// <summary>The allowed types; <see cref="JsonSchemaTypes.None"/> when the schema names none.</summary>
    public JsonSchemaTypes Types { get; set; }

    /// <summary><c>properties</c> in their declared order (the order the generator writes them in).</summary>
    public List<KeyValuePair<string, JsonSchemaNode>>? Properties { get; set; }

    public HashSet<string>? Required { get; set; }

    /// <summary>
    /// Whether properties the schema does not name may appear with any value (<c>additionalProperties</c> absent or true):
    /// only then does a schema without <c>properties</c> get invented ones.
    /// </summary>
    public bool OpenProperties { get; set; } = true;

    public JsonSchemaNode? Items { get; set; }

    public int MinItems { get; set; }

    public int? MaxItems { get; set; }

    public int MinLength { get; set; }

    public int? MaxLength { get; set; }

    public string? Format { get; set; }

    public decimal? Minimum { get; set; }

    public decimal? Maximum { get; set; }

    public bool ExclusiveMinimum { get; set; }

    public bool ExclusiveMaximum { get; set; }

    public decimal? MultipleOf { get; set; }

    public JsonElement[]? Enum { get; set; }

    public JsonElement? Const { get; set; }

    public JsonSchemaNode[]? AnyOf { get; set; }

    /// <summary>The target of <c>$ref</c>; the generator follows it instead of this node's other keywords.</summary>
    public JsonSchemaNode? Ref { get; set; }
}
