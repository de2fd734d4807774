using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace FakeAI.Fuzz;

/// <summary>
/// Mutates a valid body at the JSON level: values of the wrong type, extreme numbers, missing and extra fields, unicode
/// junk, big arrays within the server's limits, deep nesting; then, at the text level, what a JSON tree cannot hold
/// (NaN, 1e999, duplicate keys, comments, lone surrogates, invalid UTF-8, truncation).
/// </summary>
internal static class JsonMutator
{
    /// <summary>Stands in for a raw token in the serialized text (replaced after serialization).</summary>
    private const string Placeholder = "\u0001RAW\u0001";

    private static readonly string[] RawTokens =
    [
        "NaN", "Infinity", "-Infinity", "1e999", "-1e999", "1e-999", "0x10", "01", "+1", ".5", "1.", "99999999999999999999999999999999",
        "-9223372036854775809", "18446744073709551616", "tru", "nul", "undefined", "'single'", "\"unterminated", "[1,2,", "{\"a\":}",
        "\"\\ud800\"", "\"\\udc00\\ud800\"", "\"\\u0000\"", "\"\\x41\"", "\"bad \\q escape\"",
    ];

    private static readonly string[] FieldNames =
    [
        "model", "messages", "prompt", "input", "query", "passages", "documents", "max_tokens", "max_completion_tokens", "n", "stream",
        "stream_options", "temperature", "top_p", "stop", "seed", "dimensions", "encoding_format", "top_n", "truncate", "logprobs",
        "top_logprobs", "logit_bias", "tools", "tool_choice", "response_format", "user", "echo", "suffix", "ignore_eos", "min_tokens",
        "__proto__", "constructor", "", " ", "MODEL", "Stream", "x".PadRight(300, 'x'),
    ];

    public static (byte[] Body, string Mutation) Mutate(JsonObject body, Random r)
    {
        var names = new List<string>();
        var rawTokens = new List<string>();
        for (var count = r.Next(1, 4); count > 0; count--)
        {
            names.Add(MutateTree(body, r, rawTokens));
        }

        var text = body.ToJsonString();
        foreach (var token in rawTokens)
        {
            var quoted = "\"" + JsonEncodedPlaceholder + "\"";
            var at = text.IndexOf(quoted, StringComparison.Ordinal);
            if (at >= 0)
            {
                text = string.Concat(text.AsSpan(0, at), token, text.AsSpan(at + quoted.Length));
            }
        }

        var bytes = Encoding.UTF8.GetBytes(text);
        if (r.Next(6) == 0)
        {
            (bytes, var textMutation) = MutateText(bytes, r);
            names.Add(textMutation);
        }

        return (bytes, "json:" + string.Join('+', names));
    }

    /// <summary>How the serializer writes <see cref="Placeholder"/> inside quotes.</summary>
    private static readonly string JsonEncodedPlaceholder = JsonValue.Create(Placeholder).ToJsonString().Trim('"');

    private static string MutateTree(JsonObject root, Random r, List<string> rawTokens)
    {
        var slots = new List<(JsonNode Parent, string? Key, int Index)>();
        Collect(root, slots, depth: 0);
        var (parent, key, index) = slots[r.Next(slots.Count)];
        switch (r.Next(8))
        {
            case 0 when parent is JsonObject o && key is not null:
                o.Remove(key);
                return "remove:" + key;
            case 1:
                var name = FieldNames[r.Next(FieldNames.Length)];
                root[name] = Junk(r, rawTokens);
                return "set:" + Short(name);
            case 2:
                var field = FieldNames[r.Next(FieldNames.Length)];
                var size = r.Next(3) switch { 0 => r.Next(100, 2049), 1 => 2049, _ => r.Next(0, 100) };
                root[field] = BigArray(r, size);
                return "array:" + Short(field) + ":" + size.ToString(CultureInfo.InvariantCulture);
            case 3:
                rawTokens.Add(Nesting(r));
                Replace(parent, key, index, Placeholder);
                return "nesting:" + Short(key ?? "[" + index.ToString(CultureInfo.InvariantCulture) + "]");
            default:
                Replace(parent, key, index, Junk(r, rawTokens));
                return "junk:" + Short(key ?? "[" + index.ToString(CultureInfo.InvariantCulture) + "]");
        }
    }

    private static string Short(string name) => name.Length > 20 ? name[..20] + "…" : name;

    private static void Collect(JsonNode node, List<(JsonNode, string?, int)> slots, int depth)
    {
        if (depth > 6)
        {
            return;
        }

        switch (node)
        {
            case JsonObject o:
                foreach (var (key, child) in o.ToList())
                {
                    slots.Add((o, key, -1));
                    if (child is not null)
                    {
                        Collect(child, slots, depth + 1);
                    }
                }

                if (o.Count == 0)
                {
                    slots.Add((o, "empty", -1));
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    slots.Add((a, null, i));
                    if (a[i] is { } child)
                    {
                        Collect(child, slots, depth + 1);
                    }
                }

                break;
        }
    }

    private static void Replace(JsonNode parent, string? key, int index, JsonNode? value)
    {
        if (parent is JsonObject o && key is not null)
        {
            o[key] = value;
        }
        else if (parent is JsonArray a && index >= 0 && index < a.Count)
        {
            a[index] = value;
        }
    }

    /// <summary>A value of a random type, many of them extreme; a raw token stands for what JSON cannot hold.</summary>
    private static JsonNode? Junk(Random r, List<string> rawTokens)
    {
        switch (r.Next(24))
        {
            case 0: return null;
            case 1: return r.Next(2) == 0;
            case 2: return 0;
            case 3: return -1;
            case 4: return int.MaxValue + 1L;
            case 5: return long.MaxValue;
            case 6: return long.MinValue;
            case 7: return 1e308;
            case 8: return -1e308;
            case 9: return 5e-324;
            case 10: return r.NextDouble() * 1000 - 500;
            case 11: return string.Empty;
            case 12: return "12";
            case 13: return UnicodeJunk(r, r.Next(1, 64));
            case 14:
                // Long text: mostly words; sometimes one long word, whose tokenization costs more than linear time
                // (kept under 60,000 characters so that it does not take over the run; see docs/reliability.md).
                return r.Next(4) == 0 ? new string('a', r.Next(1000, 60_000)) : string.Join(' ', Enumerable.Repeat("lorem ipsum dolor", r.Next(100, 12_000)));
            case 15: return new JsonArray();
            case 16: return new JsonObject();
            case 17: return new JsonArray(1, "two", null, true, new JsonObject());
            case 18: return new JsonObject { ["role"] = "user", ["content"] = UnicodeJunk(r, 8), ["text"] = 5, ["type"] = "image_url" };
            case 19: return new JsonArray(new JsonObject { ["role"] = "tool", ["content"] = new JsonArray(new JsonObject { ["type"] = "input_audio", ["input_audio"] = new JsonObject { ["data"] = "!!!not base64", ["format"] = "wav" } }) });
            case 20: return new JsonObject { ["type"] = "image_url", ["image_url"] = new JsonObject { ["url"] = "data:image/png;base64," + Convert.ToBase64String(RandomBytes(r, r.Next(1, 4096))) } };
            case 21: return -0.0;
            default:
                rawTokens.Add(RawTokens[r.Next(RawTokens.Length)]);
                return Placeholder;
        }
    }

    private static JsonArray BigArray(Random r, int size)
    {
        var kind = r.Next(5);
        var array = new JsonArray();
        for (var i = 0; i < size; i++)
        {
            array.Add(kind switch
            {
                0 => (JsonNode)r.Next(-5, 200_000),
                1 => RequestGrammar.Text(r, 6),
                2 => new JsonObject { ["role"] = i % 2 == 0 ? "user" : "assistant", ["content"] = RequestGrammar.Text(r, 4) },
                3 => new JsonObject { ["text"] = RequestGrammar.Text(r, 4) },
                _ => new JsonArray(r.Next(100), r.Next(100)),
            });
        }

        return array;
    }

    private static string Nesting(Random r)
    {
        var depth = r.Next(3) switch { 0 => r.Next(10, 64), 1 => r.Next(64, 1000), _ => r.Next(1000, 100_000) };
        var (open, close) = r.Next(2) == 0 ? ("[", "]") : ("{\"a\":", "}");
        var text = new StringBuilder(depth * (open.Length + close.Length) + 1);
        for (var i = 0; i < depth; i++)
        {
            text.Append(open);
        }

        text.Append('1');
        for (var i = 0; i < depth; i++)
        {
            text.Append(close);
        }

        return text.ToString();
    }

    public static string UnicodeJunk(Random r, int length)
    {
        var text = new StringBuilder(length * 2);
        for (var i = 0; i < length; i++)
        {
            switch (r.Next(8))
            {
                case 0: text.Append((char)r.Next(0, 32)); break; // control characters
                case 1: text.Append((char)r.Next(0xD800, 0xE000)); break; // a lone surrogate (the serializer escapes it)
                case 2: text.Append('\u202E').Append('\u200B').Append('\uFEFF'); break; // RTL override, zero width, BOM
                case 3: text.Append(char.ConvertFromUtf32(r.Next(0x1F300, 0x1FAFF))); break;
                case 4: text.Append((char)r.Next(0x0300, 0x036F)); break; // combining marks
                case 5: text.Append('\uFFFF'); break;
                case 6: text.Append("<|endoftext|>"); break; // a special token's text
                default: text.Append((char)r.Next(0x20, 0x7F)); break;
            }
        }

        return text.ToString();
    }

    private static byte[] RandomBytes(Random r, int length)
    {
        var bytes = new byte[length];
        r.NextBytes(bytes);
        return bytes;
    }

    /// <summary>Changes to the serialized text that no JSON tree can express.</summary>
    private static (byte[] Bytes, string Mutation) MutateText(byte[] body, Random r)
    {
        var text = Encoding.UTF8.GetString(body);
        switch (r.Next(10))
        {
            case 0:
                return (body.AsSpan(0, r.Next(body.Length)).ToArray(), "text:truncated");
            case 1:
                return (Encoding.UTF8.GetBytes("\uFEFF" + text), "text:bom");
            case 2:
                return (Encoding.UTF8.GetBytes("/* c */" + text.Insert(text.Length - 1, ",")), "text:comment+trailing-comma");
            case 3:
                // A duplicate key: which one wins must not matter for safety.
                return (Encoding.UTF8.GetBytes(text.Insert(1, "\"model\":[1],\"stream\":\"yes\",")), "text:duplicate-keys");
            case 4:
                var invalid = body.ToList();
                invalid.InsertRange(r.Next(1, body.Length), new byte[] { 0xC3, 0x28, 0xFF, 0xFE, 0xED, 0xA0, 0x80 });
                return ([.. invalid], "text:invalid-utf8");
            case 5:
                return (Encoding.Unicode.GetBytes(text), "text:utf16");
            case 6:
                var top = new[] { "null", "[]", "\"text\"", "42", "[" + text + "]", "", " ", "{}", text + text }[r.Next(9)];
                return (Encoding.UTF8.GetBytes(top), "text:top-level");
            case 7:
                var flipped = (byte[])body.Clone();
                for (var i = r.Next(1, 8); i > 0; i--)
                {
                    flipped[r.Next(flipped.Length)] = (byte)r.Next(256);
                }

                return (flipped, "text:flipped-bytes");
            case 8:
                return (Encoding.UTF8.GetBytes(text + new string(' ', r.Next(1, 100_000))), "text:trailing-space");
            default:
                return (Encoding.UTF8.GetBytes(text + "garbage"), "text:trailing-garbage");
        }
    }
}
