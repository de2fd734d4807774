using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using FakeAI.Protocol.Json;
using Microsoft.AspNetCore.Http;

namespace FakeAI.Server.Http;

/// <summary>Reads a JSON request body, turning parse and type errors into 400s that name the offending parameter.</summary>
internal static class RequestReader
{
    public static async ValueTask<T> ReadAsync<T>(HttpContext context, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        T? value;
        try
        {
            value = await JsonSerializer.DeserializeAsync(context.Request.Body, typeInfo, context.RequestAborted);
        }
        catch (JsonException e)
        {
            throw ToApiException(e);
        }

        return value ?? throw ApiException.BadRequest("The request body must be a JSON object.", null);
    }

    internal static ApiException ToApiException(JsonException e)
    {
        var param = JsonErrorPath.ToParam(e.Path);
        if (param is null)
        {
            return ApiException.BadRequest("We could not parse the JSON body of your request: it is not a valid JSON object.", null, "invalid_json");
        }

        // Our converters explain what they expected; the serializer's own messages name .NET types, so they are replaced.
        var detail = e.Message.Contains("Path:", StringComparison.Ordinal) || e.Message.Contains("System.", StringComparison.Ordinal)
            ? "the value is malformed or has the wrong type"
            : e.Message;
        return ApiException.BadRequest($"Invalid value for '{param}': {detail}.", param, "invalid_type");
    }
}
