using System.Text.Json;
using Json.Schema;

namespace FakeAI.Server.Tests.Tools;

/// <summary>The schemas the tool-call and structured-output tests offer, and a validator for what comes back.</summary>
internal static class WeatherTool
{
    public const string Name = "get_weather";

    public const string Parameters =
        """{"type":"object","properties":{"location":{"type":"string","minLength":2},"unit":{"type":"string","enum":["celsius","fahrenheit"]},"days":{"type":"integer","minimum":1,"maximum":7}},"required":["location","unit","days"],"additionalProperties":false}""";

    public const string Answer =
        """{"type":"object","properties":{"city":{"type":"string"},"temperatures":{"type":"array","items":{"type":"number","minimum":-30,"maximum":45},"minItems":1,"maxItems":5},"summary":{"anyOf":[{"type":"string","maxLength":60},{"type":"null"}]}},"required":["city","temperatures","summary"],"additionalProperties":false}""";

    /// <summary>Whether <paramref name="json"/> is valid against <paramref name="schema"/>, with the validator's complaint if not.</summary>
    public static void AssertValid(string schema, string json)
    {
        using var document = JsonDocument.Parse(json);
        var result = JsonSchema.FromText(schema).Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(result.IsValid, $"{json} does not validate against {schema}");
    }
}
