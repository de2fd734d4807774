namespace FakeAI.Server.Engine;

/// <summary>One token a sequence emits at the end of a step.</summary>
/// <param name="RequestId">The request's <see cref="EngineRequest.Id"/>.</param>
/// <param name="TokenIndex">0 for the first token, then 1, 2, …</param>
/// <param name="IsLast">Whether this token finishes the request.</param>
internal readonly record struct TokenEmission(long RequestId, int TokenIndex, bool IsLast);
