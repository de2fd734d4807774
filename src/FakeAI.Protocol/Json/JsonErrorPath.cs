namespace FakeAI.Protocol.Json;

/// <summary>Turns a <see cref="System.Text.Json.JsonException.Path"/> such as <c>$.messages[0].content</c> into an OpenAI <c>param</c>.</summary>
public static class JsonErrorPath
{
    /// <summary>The parameter named by <paramref name="path"/>, or null for the document root or an unknown path.</summary>
    public static string? ToParam(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return null;
        }

        var param = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        return param.Length == 0 ? null : param;
    }
}
