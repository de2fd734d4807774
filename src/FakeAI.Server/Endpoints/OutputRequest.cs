namespace FakeAI.Server.Endpoints;

/// <summary>
/// What a request asks its answer to be besides free text: JSON for a schema (<paramref name="Format"/>, structured
/// outputs) and the tools it offers (<paramref name="Tools"/>). Either may be null.
/// </summary>
internal sealed record OutputRequest(OutputSchema? Format, ToolOffer? Tools);
