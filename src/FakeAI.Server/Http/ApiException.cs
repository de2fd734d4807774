using Microsoft.AspNetCore.Http;

namespace FakeAI.Server.Http;

/// <summary>A request the server refuses; <see cref="ApiErrorMiddleware"/> writes it in OpenAI's error shape.</summary>
internal sealed class ApiException : Exception
{
    public ApiException(int statusCode, string message, string type, string? param, string? code)
        : base(message)
    {
        StatusCode = statusCode;
        Type = type;
        Param = param;
        Code = code;
    }

    public ApiException()
        : this(StatusCodes.Status400BadRequest, "invalid request", InvalidRequest, null, null)
    {
    }

    public ApiException(string message)
        : this(StatusCodes.Status400BadRequest, message, InvalidRequest, null, null)
    {
    }

    public ApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        StatusCode = StatusCodes.Status400BadRequest;
        Type = InvalidRequest;
    }

    public const string InvalidRequest = "invalid_request_error";

    public int StatusCode { get; }

    public string Type { get; }

    public string? Param { get; }

    public string? Code { get; }

    public static ApiException BadRequest(string message, string? param, string? code = null) =>
        new(StatusCodes.Status400BadRequest, message, InvalidRequest, param, code);
}
