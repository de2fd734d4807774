using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using FakeAI.Server.Generation.Json;
using FakeAI.Server.Http;

namespace FakeAI.Server.Endpoints;

/// <summary>
/// Reads the structured-output and tool fields of chat, Responses and Messages requests into an
/// <see cref="OutputRequest"/>, compiling every schema up front so that a bad one is a 400 in the API's words whether or
/// not the fake would have used it.
/// </summary>
internal static partial class OutputRequestReader
{
    /// <summary>json_object mode: any object; a free-form one gets a few invented fields.</summary>
    private static readonly JsonSchemaNode AnyObject = new() { Types = JsonSchemaTypes.Object };

    /// <summary>A function declared without parameters takes none: its arguments are <c>{}</c>.</summary>
    private static readonly JsonSchemaNode NoParameters = new() { Types = JsonSchemaTypes.Object, OpenProperties = false };

    /// <summary>Chat's <c>response_format</c>.</summary>
    public static OutputSchema? ChatFormat(JsonElement? responseFormat)
    {
        if (responseFormat is not { ValueKind: not JsonValueKind.Null } format)
        {
            return null;
        }

        var type = FormatType(format, "response_format");
        if (type != "json_schema")
        {
            return type == "json_object" ? new OutputSchema(AnyObject, "response_format", "response_format", null) : null;
        }

        if (!format.TryGetProperty("json_schema", out var jsonSchema) || jsonSchema.ValueKind != JsonValueKind.Object)
        {
            throw ApiException.BadRequest("Missing required parameter: 'response_format.json_schema'.", "response_format.json_schema", "missing_required_parameter");
        }

        return SchemaFormat(jsonSchema, "response_format.json_schema");
    }

    /// <summary>The Responses API's <c>text.format</c>; <paramref name="echo"/> is the format as the response repeats it.</summary>
    public static OutputSchema? ResponsesFormat(JsonElement? text, out JsonElement? echo)
    {
        echo = null;
        if (text is not { ValueKind: not JsonValueKind.Null } config)
        {
            return null;
        }

        if (config.ValueKind != JsonValueKind.Object)
        {
            throw ApiException.BadRequest("Invalid type for 'text': expected an object.", "text", "invalid_type");
        }

        if (!config.TryGetProperty("format", out var format) || format.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var type = FormatType(format, "text.format");
        echo = format;
        return type switch
        {
            "json_schema" => SchemaFormat(format, "text.format"),
            "json_object" => new OutputSchema(AnyObject, "text.format", "text.format", null),
            _ => null,
        };
    }

    /// <summary>Chat's <c>tools</c> (<c>{"type":"function","function":{…}}</c>) and <c>tool_choice</c>.</summary>
    public static ToolOffer? ChatTools(JsonElement? tools, JsonElement? toolChoice, bool answersToolResult)
    {
        var offered = new List<OfferedTool>();
        var i = 0;
        foreach (var tool in ToolArray(tools, "tools"))
        {
            var at = Param("tools", i++);
            if (Type(tool, at) != "function")
            {
                continue;
            }

            if (!tool.TryGetProperty("function", out var function) || function.ValueKind != JsonValueKind.Object)
            {
                throw ApiException.BadRequest($"Missing required parameter: '{at}.function'.", at + ".function", "missing_required_parameter");
            }

            offered.Add(Function(function, at + ".function"));
        }

        return Offer(offered, OpenAIChoice(toolChoice, tools, nested: true), answersToolResult);
    }

    /// <summary>The Responses API's <c>tools</c> (<c>{"type":"function","name",…}</c>; built-in tools are never called) and <c>tool_choice</c>.</summary>
    public static ToolOffer? ResponsesTools(JsonElement? tools, JsonElement? toolChoice, bool answersToolResult)
    {
        var offered = new List<OfferedTool>();
        var i = 0;
        foreach (var tool in ToolArray(tools, "tools"))
        {
            var at = Param("tools", i++);
            if (Type(tool, at) == "function")
            {
                offered.Add(Function(tool, at));
            }
        }

        return Offer(offered, OpenAIChoice(toolChoice, tools, nested: false), answersToolResult);
    }

    /// <summary>Anthropic's <c>tools</c> (<c>{"name","input_schema"}</c>; server tools, which carry a <c>type</c>, are never called) and <c>tool_choice</c>.</summary>
    public static ToolOffer? MessagesTools(JsonElement? tools, JsonElement? toolChoice, bool answersToolResult)
    {
        var offered = new List<OfferedTool>();
        var i = 0;
        foreach (var tool in ToolArray(tools, "tools"))
        {
            var at = string.Create(CultureInfo.InvariantCulture, $"tools.{i++}");
            if (tool.ValueKind != JsonValueKind.Object)
            {
                throw ApiException.BadRequest($"{at}: Input should be an object", at, "invalid_type");
            }

            if (tool.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() != "custom")
            {
                continue;
            }

            var name = ToolName(tool, at + ".name", 128, $"{at}.name: Field required and must match ^[a-zA-Z0-9_-]{{1,128}}$");
            if (!tool.TryGetProperty("input_schema", out var schema))
            {
                throw ApiException.BadRequest($"{at}.input_schema: Field required", at + ".input_schema", "missing_required_parameter");
            }

            var parameters = Compile(schema, $"tool '{name}'", at + ".input_schema", null);
            if (parameters.Schema.Types != JsonSchemaTypes.Object)
            {
                throw ApiException.BadRequest($"{at}.input_schema.type: Input should be 'object'", at + ".input_schema.type", "invalid_value");
            }

            offered.Add(new OfferedTool(name, parameters));
        }

        var (mode, named) = AnthropicChoice(toolChoice);
        if (named is not null && !offered.Exists(t => t.Name == named))
        {
            throw ApiException.BadRequest($"tool_choice.name: Tool '{Shorten(named)}' not found in tools", "tool_choice.name", "invalid_value");
        }

        return offered.Count == 0 ? null : new ToolOffer(offered, mode, named, answersToolResult);
    }

    private static string? FormatType(JsonElement format, string param)
    {
        if (format.ValueKind != JsonValueKind.Object || !format.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
        {
            throw ApiException.BadRequest($"Missing required parameter: '{param}.type'.", param + ".type", "missing_required_parameter");
        }

        var name = type.GetString();
        return name is "text" or "json_object" or "json_schema"
            ? name
            : throw ApiException.BadRequest(
                $"Invalid value: '{Shorten(name!)}'. Supported values are: 'json_object', 'json_schema', and 'text'.", param + ".type", "invalid_value");
    }

    /// <summary>A <c>json_schema</c> format's <c>name</c> and <c>schema</c> (chat nests them, Responses does not).</summary>
    private static OutputSchema SchemaFormat(JsonElement format, string param)
    {
        if (!format.TryGetProperty("name", out var nameElement) || nameElement.ValueKind != JsonValueKind.String)
        {
            throw ApiException.BadRequest($"Missing required parameter: '{param}.name'.", param + ".name", "missing_required_parameter");
        }

        var name = nameElement.GetString()!;
        if (!format.TryGetProperty("schema", out var schema))
        {
            // OpenAI's schema is optional: without one, any JSON object answers.
            return new OutputSchema(AnyObject, $"response_format '{Shorten(name)}'", param, null);
        }

        return Compile(schema, $"response_format '{Shorten(name)}'", param + ".schema", null);
    }

    private static OfferedTool Function(JsonElement function, string at)
    {
        var name = ToolName(
            function,
            at + ".name",
            64,
            $"Invalid '{at}.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$' and at most 64 characters.");
        if (!function.TryGetProperty("parameters", out var parameters) || parameters.ValueKind == JsonValueKind.Null)
        {
            return new OfferedTool(name, new OutputSchema(NoParameters, $"function '{name}'", at + ".parameters", null));
        }

        return new OfferedTool(name, Compile(parameters, $"function '{name}'", at + ".parameters", "invalid_function_parameters"));
    }

    private static string ToolName(JsonElement tool, string param, int maxLength, string message)
    {
        if (tool.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String
            && name.GetString()!.Length <= maxLength && ToolNamePattern().IsMatch(name.GetString()!))
        {
            return name.GetString()!;
        }

        throw ApiException.BadRequest(message, param, "invalid_value");
    }

    private static OutputSchema Compile(JsonElement schema, string label, string param, string? code)
    {
        try
        {
            return new OutputSchema(JsonSchemaCompiler.Compile(schema), label, param, code);
        }
        catch (InvalidJsonSchemaException e)
        {
            throw SchemaError(label, param, code, e);
        }
    }

    /// <summary>OpenAI's wording for a schema it refuses: <c>Invalid schema for function 'f': In context=(…), ….</c></summary>
    public static ApiException SchemaError(string label, string param, string? code, InvalidJsonSchemaException e) =>
        ApiException.BadRequest($"Invalid schema for {label}: {e.Message}", param, code);

    private static JsonElement.ArrayEnumerator ToolArray(JsonElement? tools, string param)
    {
        if (tools is not { ValueKind: not JsonValueKind.Null } array)
        {
            return default;
        }

        return array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray()
            : throw ApiException.BadRequest($"Invalid type for '{param}': expected an array.", param, "invalid_type");
    }

    private static string? Type(JsonElement tool, string at)
    {
        if (tool.ValueKind != JsonValueKind.Object || !tool.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
        {
            throw ApiException.BadRequest($"Missing required parameter: '{at}.type'.", at + ".type", "missing_required_parameter");
        }

        return type.GetString();
    }

    private static ToolOffer? Offer(List<OfferedTool> offered, (ToolChoiceMode Mode, string? Named) choice, bool answersToolResult)
    {
        if (choice.Named is { } named && !offered.Exists(t => t.Name == named))
        {
            throw ApiException.BadRequest($"Invalid value for 'tool_choice': no function named '{Shorten(named)}' is in 'tools'.", "tool_choice", "invalid_value");
        }

        return offered.Count == 0 ? null : new ToolOffer(offered, choice.Mode, choice.Named, answersToolResult);
    }

    /// <summary>OpenAI's <c>tool_choice</c>: a mode string or a named function (chat nests the name under <c>function</c>).</summary>
    private static (ToolChoiceMode Mode, string? Named) OpenAIChoice(JsonElement? toolChoice, JsonElement? tools, bool nested)
    {
        if (toolChoice is not { ValueKind: not JsonValueKind.Null } choice)
        {
            return (ToolChoiceMode.Auto, null);
        }

        if (tools is not { ValueKind: JsonValueKind.Array })
        {
            throw ApiException.BadRequest("Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.", "tool_choice", "invalid_value");
        }

        if (choice.ValueKind == JsonValueKind.String)
        {
            return choice.GetString() switch
            {
                "auto" => (ToolChoiceMode.Auto, null),
                "required" => (ToolChoiceMode.Required, null),
                "none" => (ToolChoiceMode.None, null),
                var other => throw ApiException.BadRequest(
                    $"Invalid value: '{Shorten(other!)}'. Supported values are: 'none', 'auto', and 'required'.", "tool_choice", "invalid_value"),
            };
        }

        if (choice.ValueKind != JsonValueKind.Object || !choice.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
        {
            throw ApiException.BadRequest("Invalid value for 'tool_choice': expected 'none', 'auto', 'required' or an object with a 'type'.", "tool_choice", "invalid_value");
        }

        if (type.GetString() != "function")
        {
            // Built-in tools and allowed-tools lists: the fake calls only functions, so it may choose freely.
            return (ToolChoiceMode.Auto, null);
        }

        var holder = choice;
        if (nested && (!choice.TryGetProperty("function", out holder) || holder.ValueKind != JsonValueKind.Object))
        {
            throw ApiException.BadRequest("Missing required parameter: 'tool_choice.function'.", "tool_choice.function", "missing_required_parameter");
        }

        if (!holder.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String)
        {
            var param = nested ? "tool_choice.function.name" : "tool_choice.name";
            throw ApiException.BadRequest($"Missing required parameter: '{param}'.", param, "missing_required_parameter");
        }

        return (ToolChoiceMode.Named, name.GetString());
    }

    /// <summary>Anthropic's <c>tool_choice</c>: <c>{"type":"auto"|"any"|"tool"|"none"}</c>, <c>tool</c> with a <c>name</c>.</summary>
    private static (ToolChoiceMode Mode, string? Named) AnthropicChoice(JsonElement? toolChoice)
    {
        if (toolChoice is not { ValueKind: not JsonValueKind.Null } choice)
        {
            return (ToolChoiceMode.Auto, null);
        }

        var type = choice.ValueKind == JsonValueKind.Object && choice.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        switch (type)
        {
            case "auto":
                return (ToolChoiceMode.Auto, null);
            case "any":
                return (ToolChoiceMode.Required, null);
            case "none":
                return (ToolChoiceMode.None, null);
            case "tool":
                return choice.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String
                    ? (ToolChoiceMode.Named, name.GetString())
                    : throw ApiException.BadRequest("tool_choice.name: Field required", "tool_choice.name", "missing_required_parameter");
            default:
                throw ApiException.BadRequest("tool_choice: Input should be an object with type 'auto', 'any', 'tool' or 'none'", "tool_choice", "invalid_value");
        }
    }

    private static string Param(string name, int index) => string.Create(CultureInfo.InvariantCulture, $"{name}[{index}]");

    // Names are echoed in errors, so a huge one must not make a huge error body.
    private static string Shorten(string text) => text.Length <= 128 ? text : text[..128] + "…";

    [GeneratedRegex("^[a-zA-Z0-9_-]+$")]
    private static partial Regex ToolNamePattern();
}
