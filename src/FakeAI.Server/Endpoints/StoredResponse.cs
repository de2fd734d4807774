using FakeAI.Protocol.Responses;

namespace FakeAI.Server.Endpoints;

/// <summary>
/// A stored Responses API response: the object <c>GET</c> returns, and the conversation it ends as a chained request
/// sees it — the text of every input and output message so far (instructions excluded, as OpenAI does not carry them
/// over) and the media tokens among them.
/// </summary>
internal sealed record StoredResponse(ResponseObject Response, IReadOnlyList<string> ContextTexts, int ContextMediaTokens);
