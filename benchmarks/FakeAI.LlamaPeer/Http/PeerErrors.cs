using FakeAI.Protocol.Errors;
using FakeAI.Protocol.Json;

namespace FakeAI.LlamaPeer.Http;

/// <summary>OpenAI-shaped error responses.</summary>
internal static class PeerErrors
{
    public static IResult BadRequest(string message, string? param = null, string? code = null) =>
        Results.Json(
            new ErrorResponse(new ErrorDetail { Message = message, Type = "invalid_request_error", Param = param, Code = code }),
            ProtocolJsonContext.Default.ErrorResponse,
            statusCode: StatusCodes.Status400BadRequest);
}
