namespace FakeAI.Fuzz;

/// <summary>
/// One request as bytes on the wire. <see cref="WellFramed"/>: the HTTP framing is intact (only the JSON, path, method or
/// harmless headers were changed), so the server must answer with a status; a broken frame may also be closed without
/// one. <see cref="HalfClose"/>: the client shuts its sending side after the bytes (a truncated or over-announced body
/// then ends instead of waiting for Kestrel's timeout).
/// </summary>
internal sealed record FuzzCase(long Index, string Route, string Mutation, byte[] Request, bool WellFramed, bool HalfClose)
{
    public static readonly string[] Kinds = ["valid", "json", "http", "frame"];

    /// <summary>valid, or the level of the first mutation: json, http (frame kept) or frame (broken).</summary>
    public string Kind => Mutation == "valid" ? "valid" : Mutation.Split(':')[0];
}
