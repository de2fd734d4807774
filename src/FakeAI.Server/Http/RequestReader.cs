using System.Buffers;
using System.IO.Pipelines;
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
        // Buffer the whole body in the pipe (Kestrel enforces the size limit while reading), then parse synchronously.
        var reader = context.Request.BodyReader;
        ReadResult result;
        while (true)
        {
            try
            {
                result = await reader.ReadAsync(context.RequestAborted);
            }
            catch (IOException e) when (e is not BadHttpRequestException && !context.RequestAborted.IsCancellationRequested)
            {
                // Kestrel reports some framing errors (a chunk size beyond 2^31) as a plain IOException, not a bad request.
                throw new ApiException(StatusCodes.Status400BadRequest, "The request body could not be read: " + e.Message, ApiException.InvalidRequest, null, "bad_request");
            }

            if (result.IsCompleted || result.IsCanceled)
            {
                break;
            }

            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }

        try
        {
            return Parse(result.Buffer, typeInfo);
        }
        finally
        {
            reader.AdvanceTo(result.Buffer.End);
        }
    }

    internal static T Parse<T>(ReadOnlySequence<byte> body, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        T? value;
        try
        {
            var json = new Utf8JsonReader(body);
            value = JsonSerializer.Deserialize(ref json, typeInfo);
            if (json.Read())
            {
                throw new JsonException("trailing content after the JSON value");
            }
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
