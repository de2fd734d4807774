namespace FakeAI.Server.Engine;

/// <summary>
/// A request that emitted its last token, with the per-request times vLLM reports (queue, prefill, decode), in ms.
/// </summary>
/// <param name="RequestId">The request's <see cref="EngineRequest.Id"/>.</param>
/// <param name="OutputTokens">Tokens emitted.</param>
/// <param name="FreedBlocks">KV blocks returned to the worker.</param>
/// <param name="QueueMs">Arrival to first scheduled (vLLM's <c>request_queue_time_seconds</c>).</param>
/// <param name="PrefillMs">First scheduled to first token (vLLM's <c>request_prefill_time_seconds</c>).</param>
/// <param name="DecodeMs">First token to last token (vLLM's <c>request_decode_time_seconds</c>).</param>
/// <param name="Preemptions">Times the request was preempted and recomputed.</param>
internal readonly record struct FinishedRequest(
    long RequestId, int OutputTokens, int FreedBlocks, double QueueMs, double PrefillMs, double DecodeMs, int Preemptions);
