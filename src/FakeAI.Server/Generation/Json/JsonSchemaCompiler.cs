using System.Globalization;
using System.Text;
using System.Text.Json;

namespace FakeAI.Server.Generation.Json;

/// <summary>
/// Turns a JSON Schema into <see cref="JsonSchemaNode"/>s, refusing what the fake cannot honour. It accepts the subset
/// OpenAI's structured outputs document (types and type arrays, <c>properties</c>, <c>required</c>,
/// <c>additionalProperties</c>, <c>enum</c>, <c>const</c>, <c>items</c>, <c>minItems</c>/<c>maxItems</c>, numeric bounds,
/// <c>multipleOf</c>, <c>anyOf</c>, <c>$defs</c>/<c>definitions</c> with local <c>$ref</c>s, the common <c>format</c>s)
/// plus <c>minLength</c>/<c>maxLength</c>; annotations are ignored. <c>pattern</c>, the composition keywords OpenAI
/// rejects (<c>allOf</c>, <c>oneOf</c>, <c>not</c>, <c>if</c>…) and the object/array keywords it does not support are
/// refused by name.
/// </summary>
internal sealed class JsonSchemaCompiler
{
    private static readonly HashSet<string> Unsupported = new(StringComparer.Ordinal)
    {
        "allOf", "oneOf", "not", "if", "then", "else", "dependentRequired", "dependentSchemas", "dependencies",
        "patternProperties", "propertyNames", "unevaluatedProperties", "minProperties", "maxProperties",
        "unevaluatedItems", "contains", "minContains", "maxContains", "uniqueItems", "prefixItems", "additionalItems",
        "pattern", "$dynamicRef", "$dynamicAnchor", "$recursiveRef", "$anchor", "contentEncoding", "contentMediaType",
    };

    private const decimal MaxBound = 1_000_000_000_000_000_000m;

    private readonly JsonElement _root;
    private readonly Dictionary<string, JsonSchemaNode> _byPointer = new(StringComparer.Ordinal);
    private readonly List<(JsonSchemaNode Node, string Reference, string Context)> _refs = [];

    private JsonSchemaCompiler(JsonElement root) => _root = root;

    /// <summary>Compiles <paramref name="schema"/>; throws <see cref="InvalidJsonSchemaException"/> naming the first problem.</summary>
    public static JsonSchemaNode Compile(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidJsonSchemaException("In context=(), schema must be a JSON object.");
        }

        var compiler = new JsonSchemaCompiler(schema);
        var root = compiler.CompileAt(schema, "#", []);

        // References are resolved once every reachable schema is compiled, so a cycle links back to an existing node.
        for (var i = 0; i < compiler._refs.Count; i++)
        {
            var (node, reference, context) = compiler._refs[i];
            node.Ref = compiler.Resolve(reference, context);
        }

        return root;
    }

    private JsonSchemaNode CompileAt(JsonElement schema, string pointer, List<string> context)
    {
        if (_byPointer.TryGetValue(pointer, out var existing))
        {
            return existing;
        }

        var node = new JsonSchemaNode();
        _byPointer[pointer] = node;
        if (schema.ValueKind == JsonValueKind.True)
        {
            return node;
        }

        if (schema.ValueKind != JsonValueKind.Object)
        {
            throw Error(context, "schema must be a JSON object.");
        }

        foreach (var keyword in schema.EnumerateObject())
        {
            Apply(node, keyword, pointer, context);
        }

        Check(node, context);
        return node;
    }

    private void Apply(JsonSchemaNode node, JsonProperty keyword, string pointer, List<string> context)
    {
        var value = keyword.Value;
        switch (keyword.Name)
        {
            case "type":
                node.Types = ParseTypes(value, context);
                break;
            case "properties":
                node.Properties = [];
                foreach (var property in Object(value, "properties", context).EnumerateObject())
                {
                    var child = CompileAt(property.Value, pointer + "/properties/" + Escape(property.Name), [.. context, "properties", property.Name]);
                    node.Properties.Add(new(property.Name, child));
                }

                break;
            case "required":
                node.Required = new HashSet<string>(StringComparer.Ordinal);
                foreach (var name in Array(value, "required", context).EnumerateArray())
                {
                    node.Required.Add(name.ValueKind == JsonValueKind.String ? name.GetString()! : throw Error(context, "'required' must list strings."));
                }

                break;
            case "additionalProperties":
                // A schema here is compiled only to be checked: the generator never invents properties under one.
                node.OpenProperties = value.ValueKind == JsonValueKind.True;
                if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    CompileAt(value, pointer + "/additionalProperties", [.. context, "additionalProperties"]);
                }

                break;
            case "items":
                node.Items = value.ValueKind == JsonValueKind.False
                    ? throw Error(context, "'items': false is not permitted.")
                    : CompileAt(value, pointer + "/items", [.. context, "items"]);
                break;
            case "minItems":
                node.MinItems = Count(value, "minItems", context);
                break;
            case "maxItems":
                node.MaxItems = Count(value, "maxItems", context);
                break;
            case "minLength":
                node.MinLength = Count(value, "minLength", context);
                break;
            case "maxLength":
                node.MaxLength = Count(value, "maxLength", context);
                break;
            case "minimum":
                node.Minimum = Max(node.Minimum, Number(value, "minimum", context));
                break;
            case "maximum":
                node.Maximum = Min(node.Maximum, Number(value, "maximum", context));
                break;
            case "exclusiveMinimum" when value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                // Draft 4: a flag on "minimum".
                node.ExclusiveMinimum |= value.ValueKind == JsonValueKind.True;
                break;
            case "exclusiveMaximum" when value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                node.ExclusiveMaximum |= value.ValueKind == JsonValueKind.True;
                break;
            case "exclusiveMinimum":
                var low = Number(value, "exclusiveMinimum", context);
                if (node.Minimum is null || low >= node.Minimum)
                {
                    (node.Minimum, node.ExclusiveMinimum) = (low, true);
                }

                break;
            case "exclusiveMaximum":
                var high = Number(value, "exclusiveMaximum", context);
                if (node.Maximum is null || high <= node.Maximum)
                {
                    (node.Maximum, node.ExclusiveMaximum) = (high, true);
                }

                break;
            case "multipleOf":
                var step = Number(value, "multipleOf", context);
                node.MultipleOf = step > 0 ? step : throw Error(context, "'multipleOf' must be greater than 0.");
                break;
            case "enum":
                var values = Array(value, "enum", context);
                node.Enum = values.GetArrayLength() > 0 ? [.. values.EnumerateArray().Select(static v => v.Clone())] : throw Error(context, "'enum' must not be empty.");
                break;
            case "const":
                node.Const = value.Clone();
                break;
            case "anyOf":
                var branches = Array(value, "anyOf", context);
                if (branches.GetArrayLength() == 0)
                {
                    throw Error(context, "'anyOf' must not be empty.");
                }

                node.AnyOf = [.. branches.EnumerateArray().Select((b, i) => CompileAt(b, Index(pointer + "/anyOf/", i), [.. context, "anyOf", Index(string.Empty, i)]))];
                break;
            case "$ref":
                _refs.Add((node, value.ValueKind == JsonValueKind.String ? value.GetString()! : throw Error(context, "'$ref' must be a string."), Describe(context)));
                break;
            case "$defs" or "definitions":
                foreach (var definition in Object(value, keyword.Name, context).EnumerateObject())
                {
                    CompileAt(definition.Value, pointer + "/" + keyword.Name + "/" + Escape(definition.Name), [.. context, keyword.Name, definition.Name]);
                }

                break;
            case "format":
                node.Format = value.ValueKind == JsonValueKind.String ? value.GetString() : throw Error(context, "'format' must be a string.");
                break;
            case var name when Unsupported.Contains(name):
                throw Error(context, $"'{name}' is not permitted.");
            default:
                // Annotations (description, title, default, examples, $schema, $id, $comment…) and unknown keywords.
                break;
        }
    }

    private static void Check(JsonSchemaNode node, List<string> context)
    {
        if (node.MaxItems < node.MinItems)
        {
            throw Error(context, "'minItems' is greater than 'maxItems'.");
        }

        if (node.MaxLength < node.MinLength)
        {
            throw Error(context, "'minLength' is greater than 'maxLength'.");
        }

        if (node.Minimum is { } min && node.Maximum is { } max && (min > max || (min == max && (node.ExclusiveMinimum || node.ExclusiveMaximum))))
        {
            throw Error(context, "the numeric bounds admit no value.");
        }

        if (node.Types == JsonSchemaTypes.Integer && JsonInstanceGenerator.IntegerRange(node) is null)
        {
            throw Error(context, "the numeric bounds admit no integer.");
        }

        // An enum or const must agree with the type, so the generator can take any of its values.
        if (node.Types != JsonSchemaTypes.None)
        {
            if (node.Const is { } constant && !Matches(constant, node.Types))
            {
                throw Error(context, "'const' does not match 'type'.");
            }

            if (node.Enum is { } values)
            {
                node.Enum = [.. values.Where(v => Matches(v, node.Types))];
                if (node.Enum.Length == 0)
                {
                    throw Error(context, "no value of 'enum' matches 'type'.");
                }
            }
        }
    }

    private static bool Matches(JsonElement value, JsonSchemaTypes types) => value.ValueKind switch
    {
        JsonValueKind.Object => types.HasFlag(JsonSchemaTypes.Object),
        JsonValueKind.Array => types.HasFlag(JsonSchemaTypes.Array),
        JsonValueKind.String => types.HasFlag(JsonSchemaTypes.String),
        JsonValueKind.Number => types.HasFlag(JsonSchemaTypes.Number)
            || (types.HasFlag(JsonSchemaTypes.Integer) && value.TryGetDecimal(out var d) && d == decimal.Truncate(d)),
        JsonValueKind.True or JsonValueKind.False => types.HasFlag(JsonSchemaTypes.Boolean),
        _ => types.HasFlag(JsonSchemaTypes.Null),
    };

    private JsonSchemaNode Resolve(string reference, string context)
    {
        if (!reference.StartsWith('#'))
        {
            throw new InvalidJsonSchemaException($"In context={context}, '$ref' '{reference}' is not permitted: only local references ('#/...') are supported.");
        }

        var pointer = Uri.UnescapeDataString(reference);
        if (_byPointer.TryGetValue(pointer, out var known))
        {
            return known;
        }

        var target = _root;
        foreach (var segment in pointer.Length <= 2 ? [] : pointer[2..].Split('/'))
        {
            var name = segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (target.ValueKind == JsonValueKind.Object && target.TryGetProperty(name, out var next))
            {
                target = next;
            }
            else if (target.ValueKind == JsonValueKind.Array && int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < target.GetArrayLength())
            {
                target = target[i];
            }
            else
            {
                throw new InvalidJsonSchemaException($"In context={context}, '$ref' '{reference}' does not resolve.");
            }
        }

        // Any references inside the target join the list Compile is walking, so they are resolved too.
        return CompileAt(target, pointer, []);
    }

    private static JsonSchemaTypes ParseTypes(JsonElement value, List<string> context)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            return TypeOf(value.GetString()!, context);
        }

        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0)
        {
            throw Error(context, "'type' must be a type name or a non-empty array of them.");
        }

        var types = JsonSchemaTypes.None;
        foreach (var name in value.EnumerateArray())
        {
            types |= name.ValueKind == JsonValueKind.String ? TypeOf(name.GetString()!, context) : throw Error(context, "'type' must list strings.");
        }

        return types;
    }

    private static JsonSchemaTypes TypeOf(string name, List<string> context) => name switch
    {
        "object" => JsonSchemaTypes.Object,
        "array" => JsonSchemaTypes.Array,
        "string" => JsonSchemaTypes.String,
        "number" => JsonSchemaTypes.Number,
        "integer" => JsonSchemaTypes.Integer,
        "boolean" => JsonSchemaTypes.Boolean,
        "null" => JsonSchemaTypes.Null,
        _ => throw Error(context, $"'{name}' is not a valid type."),
    };

    private static JsonElement Object(JsonElement value, string keyword, List<string> context) =>
        value.ValueKind == JsonValueKind.Object ? value : throw Error(context, $"'{keyword}' must be an object.");

    private static JsonElement Array(JsonElement value, string keyword, List<string> context) =>
        value.ValueKind == JsonValueKind.Array ? value : throw Error(context, $"'{keyword}' must be an array.");

    private static int Count(JsonElement value, string keyword, List<string> context) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) && n >= 0
            ? n
            : throw Error(context, $"'{keyword}' must be a non-negative integer.");

    // Bounds beyond ±10^18 are refused so that the generator's decimal arithmetic cannot overflow.
    private static decimal Number(JsonElement value, string keyword, List<string> context) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var d) && Math.Abs(d) <= MaxBound
            ? d
            : throw Error(context, $"'{keyword}' must be a number between -1e18 and 1e18.");

    private static decimal Max(decimal? a, decimal b) => a is { } x && x > b ? x : b;

    private static decimal Min(decimal? a, decimal b) => a is { } x && x < b ? x : b;

    private static string Escape(string name) => name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static string Index(string prefix, int i) => prefix + i.ToString(CultureInfo.InvariantCulture);

    private static InvalidJsonSchemaException Error(List<string> context, string problem) =>
        new($"In context={Describe(context)}, {problem}");

    /// <summary>OpenAI's rendering of a place in a schema: <c>('properties', 'location')</c>.</summary>
    private static string Describe(List<string> context)
    {
        var builder = new StringBuilder("(");
        for (var i = 0; i < context.Count; i++)
        {
            builder.Append(i == 0 ? "'" : ", '").Append(context[i]).Append('\'');
        }

        return builder.Append(')').ToString();
    }
}
