using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace FakeAI.Server.Generation.Json;

/// <summary>
/// Writes a JSON instance of a compiled schema, deterministically for a seed: compact, ASCII-only (the writer escapes
/// anything else), words from <see cref="WordList"/> for strings. Optional properties appear half the time and arrays
/// hold a few items, until the nesting passes <see cref="ShallowDepth"/>; deeper it writes the smallest instance it can
/// (required properties only, minimum items, a terminal <c>anyOf</c> branch), so recursive <c>$ref</c>s end. Output past
/// a byte budget is cut: the caller truncates it to the token budget anyway.
/// </summary>
internal sealed class JsonInstanceGenerator : IDisposable
{
    private const int ShallowDepth = 4;
    private const int MaxDepth = 64;
    private const int ExtraItems = 3;
    private const int DefaultSpan = 100;

    private readonly ArrayBufferWriter<byte> _buffer = new(256);
    private readonly Utf8JsonWriter _writer;
    private readonly long _budget;
    private SplitMix64 _rng;
    private bool _cut;

    private JsonInstanceGenerator(ulong seed, long budget)
    {
        _rng = new SplitMix64(seed);
        _budget = budget;
        _writer = new Utf8JsonWriter(_buffer);
    }

    /// <summary>
    /// An instance of <paramref name="schema"/>, or its first <paramref name="maxBytes"/> bytes or so when it is longer
    /// (<see cref="GeneratedJson.Cut"/>). Throws <see cref="InvalidJsonSchemaException"/> for a schema whose references
    /// cannot end or whose bounds admit no value.
    /// </summary>
    public static GeneratedJson Generate(JsonSchemaNode schema, ulong seed, long maxBytes)
    {
        using var generator = new JsonInstanceGenerator(seed, maxBytes);
        generator.Write(schema, 0);
        generator._writer.Flush();
        return new GeneratedJson(Encoding.ASCII.GetString(generator._buffer.WrittenSpan), generator._cut);
    }

    public void Dispose() => _writer.Dispose();

    /// <summary>The smallest and largest integers <paramref name="node"/>'s bounds admit (steps of its multiple); null if none.</summary>
    internal static (decimal Low, decimal High, decimal Step)? IntegerRange(JsonSchemaNode node)
    {
        var step = IntegerStep(node.MultipleOf);
        var (low, high) = Bounds(node);

        // The first integer above an exclusive bound: 2 for 1.5, 3 for 2.
        low = node.Minimum is not null && node.ExclusiveMinimum ? decimal.Floor(low) + 1 : decimal.Ceiling(low);
        high = node.Maximum is not null && node.ExclusiveMaximum ? decimal.Ceiling(high) - 1 : decimal.Floor(high);
        var first = decimal.Ceiling(low / step);
        var last = decimal.Floor(high / step);
        return first <= last ? (first * step, last * step, step) : null;
    }

    private bool Write(JsonSchemaNode node, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new InvalidJsonSchemaException("In context=(), the schema's references recurse without an end.");
        }

        if (_writer.BytesCommitted + _writer.BytesPending > _budget)
        {
            _cut = true;
            return false;
        }

        if (node.Ref is { } target)
        {
            return Write(target, depth + 1);
        }

        if (node.Const is { } constant)
        {
            constant.WriteTo(_writer);
            return true;
        }

        if (node.Enum is { } values)
        {
            values[_rng.NextInt(values.Length)].WriteTo(_writer);
            return true;
        }

        if (node.AnyOf is { } branches)
        {
            return Write(Branch(branches, depth), depth + 1);
        }

        switch (ChooseType(node, depth))
        {
            case JsonSchemaTypes.Object:
                return WriteObject(node, depth);
            case JsonSchemaTypes.Array:
                return WriteArray(node, depth);
            case JsonSchemaTypes.Integer:
                WriteInteger(node);
                return true;
            case JsonSchemaTypes.Number:
                WriteNumber(node);
                return true;
            case JsonSchemaTypes.Boolean:
                _writer.WriteBooleanValue(_rng.NextInt(2) == 0);
                return true;
            case JsonSchemaTypes.Null:
                _writer.WriteNullValue();
                return true;
            default:
                _writer.WriteStringValue(Text(node, depth));
                return true;
        }
    }

    private bool WriteObject(JsonSchemaNode node, int depth)
    {
        var shallow = depth < ShallowDepth;
        _writer.WriteStartObject();
        foreach (var (name, property) in node.Properties ?? [])
        {
            var required = node.Required?.Contains(name) ?? false;
            if (!required && (!shallow || _rng.NextInt(2) == 0))
            {
                continue;
            }

            _writer.WritePropertyName(name);
            if (!Write(property, depth + 1))
            {
                return false;
            }
        }

        foreach (var name in node.Required ?? [])
        {
            if (node.Properties?.Exists(p => p.Key == name) != true)
            {
                // Required but not described: any value will do.
                _writer.WriteString(name, Words(1, 12));
            }
        }

        if (node.Properties is null && node.OpenProperties && shallow)
        {
            // A free-form object (json_object mode, or "type": "object" alone) gets a few invented fields.
            var count = 1 + _rng.NextInt(ExtraItems);
            for (var i = 0; i < count; i++)
            {
                var key = WordList.Words[_rng.NextInt(WordList.Words.Length)] + "_" + i.ToString(CultureInfo.InvariantCulture);
                if (node.Required?.Contains(key) != true)
                {
                    _writer.WriteString(key, Words(1, 24));
                }
            }
        }

        _writer.WriteEndObject();
        return true;
    }

    private bool WriteArray(JsonSchemaNode node, int depth)
    {
        var low = node.MinItems;
        var high = depth < ShallowDepth ? Math.Min(node.MaxItems ?? int.MaxValue, low + ExtraItems) : low;
        var count = low + _rng.NextInt(high - low + 1);
        var items = node.Items ?? new JsonSchemaNode { Types = JsonSchemaTypes.String };
        _writer.WriteStartArray();
        for (var i = 0; i < count; i++)
        {
            if (!Write(items, depth + 1))
            {
                return false;
            }
        }

        _writer.WriteEndArray();
        return true;
    }

    private void WriteInteger(JsonSchemaNode node)
    {
        var (low, high, step) = IntegerRange(node) ?? throw new InvalidJsonSchemaException("In context=(), the numeric bounds admit no integer.");
        var steps = (high - low) / step;
        var k = steps > int.MaxValue - 1 ? _rng.NextInt(int.MaxValue) : _rng.NextInt((int)steps + 1);
        _writer.WriteNumberValue(decimal.Truncate(low + (k * step)));
    }

    private void WriteNumber(JsonSchemaNode node)
    {
        var (low, high) = Bounds(node);
        if (node.MultipleOf is { } step)
        {
            var first = decimal.Ceiling(low / step);
            var last = decimal.Floor(high / step);
            first += node.ExclusiveMinimum && first * step == low ? 1 : 0;
            last -= node.ExclusiveMaximum && last * step == high ? 1 : 0;
            if (first > last)
            {
                throw new InvalidJsonSchemaException("In context=(), no multiple of 'multipleOf' lies within the bounds.");
            }

            var span = last - first;
            _writer.WriteNumberValue((first + (span > int.MaxValue - 1 ? _rng.NextInt(int.MaxValue) : _rng.NextInt((int)span + 1))) * step);
            return;
        }

        var value = decimal.Round(low + ((decimal)_rng.NextDouble() * (high - low)), 2);
        if (value < low || value > high || (node.ExclusiveMinimum && value == low) || (node.ExclusiveMaximum && value == high))
        {
            value = (low + high) / 2;
        }

        _writer.WriteNumberValue(value);
    }

    private string Text(JsonSchemaNode node, int depth)
    {
        if (node.Format is { } format && node.MinLength == 0 && node.MaxLength is null && Formatted(format) is { } formatted)
        {
            return formatted;
        }

        var high = node.MaxLength ?? int.MaxValue;
        var low = node.MinLength;
        return depth < ShallowDepth || low > 0 ? Fit(Words(Math.Max(low, 1), Math.Min(high, low + 30)), low, high) : string.Empty;
    }

    /// <summary>Words, about <paramref name="min"/> to <paramref name="max"/> characters (a word may run past max).</summary>
    private string Words(int min, int max)
    {
        if (max <= 0)
        {
            return string.Empty;
        }

        var target = min + _rng.NextInt(Math.Max(1, max - min + 1));
        var builder = new StringBuilder(target + 12);
        while (builder.Length < target)
        {
            if (builder.Length > 0)
            {
                builder.Append(' ');
            }

            builder.Append(WordList.Words[_rng.NextInt(WordList.Words.Length)]);
        }

        return builder.ToString();
    }

    private static string Fit(string text, int low, int high)
    {
        if (text.Length > high)
        {
            text = text[..high].TrimEnd();
            text = text.Length >= low ? text : text.PadRight(low, 'x');
        }

        return text.Length >= low ? text : text.PadRight(low, 'x');
    }

    private string? Formatted(string format)
    {
        var day = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(_rng.NextInt(10 * 365 * 86_400));
        var word = WordList.Words[_rng.NextInt(WordList.Words.Length)];
        return format switch
        {
            "date-time" => day.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            "date" => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            "time" => day.ToString("HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            "duration" => string.Create(CultureInfo.InvariantCulture, $"P{1 + _rng.NextInt(30)}DT{_rng.NextInt(24)}H"),
            "email" => word + "@example.com",
            "hostname" => word + ".example.com",
            "uri" => "https://example.com/" + word,
            "ipv4" => string.Create(CultureInfo.InvariantCulture, $"10.{_rng.NextInt(256)}.{_rng.NextInt(256)}.{_rng.NextInt(256)}"),
            "ipv6" => string.Create(CultureInfo.InvariantCulture, $"2001:db8::{_rng.NextInt(0x10000):x}"),
            "uuid" => new Guid(BitConverter.GetBytes(_rng.NextUInt64()).Concat(BitConverter.GetBytes(_rng.NextUInt64())).ToArray()).ToString(),
            _ => null,
        };
    }

    private JsonSchemaNode Branch(JsonSchemaNode[] branches, int depth)
    {
        if (depth >= ShallowDepth)
        {
            foreach (var branch in branches)
            {
                if (branch.Ref is null && (branch.Const is not null || branch.Enum is not null || Terminal(branch.Types)))
                {
                    return branch;
                }
            }
        }

        return branches[_rng.NextInt(branches.Length)];
    }

    private static bool Terminal(JsonSchemaTypes types) =>
        types.HasFlag(JsonSchemaTypes.Null) || (types != JsonSchemaTypes.None && (types & (JsonSchemaTypes.Object | JsonSchemaTypes.Array)) == 0);

    private JsonSchemaTypes ChooseType(JsonSchemaNode node, int depth)
    {
        var types = node.Types;
        if (types == JsonSchemaTypes.None)
        {
            return node.Properties is not null || node.Required is not null ? JsonSchemaTypes.Object
                : node.Items is not null || node.MinItems > 0 || node.MaxItems is not null ? JsonSchemaTypes.Array
                : node.Minimum is not null || node.Maximum is not null || node.MultipleOf is not null ? JsonSchemaTypes.Number
                : JsonSchemaTypes.String;
        }

        if (depth >= ShallowDepth && types.HasFlag(JsonSchemaTypes.Null))
        {
            return JsonSchemaTypes.Null;
        }

        Span<JsonSchemaTypes> allowed = stackalloc JsonSchemaTypes[7];
        var count = 0;
        for (var flag = JsonSchemaTypes.Object; flag <= JsonSchemaTypes.Null; flag = (JsonSchemaTypes)((int)flag << 1))
        {
            if (types.HasFlag(flag) && (flag != JsonSchemaTypes.Integer || IntegerRange(node) is not null))
            {
                allowed[count++] = flag;
            }
        }

        return count == 0 ? JsonSchemaTypes.Number : allowed[_rng.NextInt(count)];
    }

    private static decimal IntegerStep(decimal? multipleOf)
    {
        if (multipleOf is not { } step)
        {
            return 1;
        }

        // The smallest multiple of a fractional step that is whole (0.5 → 1, 0.3 → 3); a whole step is itself.
        for (var k = 1; k <= 1000; k++)
        {
            if (step * k == decimal.Truncate(step * k))
            {
                return step * k;
            }
        }

        return decimal.Ceiling(step);
    }

    /// <summary>The schema's bounds, or a span of 100 from the one given (0–100 with neither).</summary>
    private static (decimal Low, decimal High) Bounds(JsonSchemaNode node) => (node.Minimum, node.Maximum) switch
    {
        ({ } min, { } max) => (min, max),
        ({ } min, null) => (min, min + DefaultSpan),
        (null, { } max) => (Math.Min(0, max - DefaultSpan), max),
        _ => (0, DefaultSpan),
    };
}
