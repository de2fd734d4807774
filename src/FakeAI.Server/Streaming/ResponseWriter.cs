using FakeAI.Server.KvCache;
using FakeAI.Server.Latency;
using Microsoft.AspNetCore.Http;

namespace FakeAI.Server.Streaming;

/// <summary>
/// Sends a planned response on its latency schedule. Streaming: every token is written when due and flushed before the
/// stream waits again, so tokens due together (or overdue) leave in one flush. Non-streaming: the whole body is held
/// until the last token's due time.
/// </summary>
internal sealed class ResponseWriter(ServerState state)
{
    /// <summary>
    /// Chunks written without a flush before the stream flushes anyway: a stream that is far behind (or has ITL 0) would
    /// otherwise buffer its whole remaining output (tens of MB for a long response) before the first byte leaves.
    /// </summary>

    private readonly MultiChoiceStreamWriter _multiChoice = new(state);
    private readonly Faults.FaultedResponseWriter _faulted = new(state);

    /// <summary>
    /// Sends <paramref name="response"/> streamed or whole, holding its KV-cache lease until the last byte (or the client's
    /// disconnect) and naming the worker that served it in a response header.
    /// </summary>
    public async Task SendAsync(HttpContext context, PlannedResponse response, IResponseShape shape, bool stream)
    {
        using var kv = response.Kv;
        using var engine = response.Latency.Engine;
        KvWorkerHeader.Set(context, kv);
        if (state.Faults.MidStreamSeen && context.Features.Get<Faults.InjectedFault>() is { } fault)
        {
            await _faulted.SendAsync(context, response, shape, stream, fault);
        }
        else if (stream && response.Choices.Count > 1)
        {
            await _multiChoice.StreamAsync(context, response, shape);
        }
        else if (stream)
        {
            await StreamAsync(context, response, shape);
        }
        else
        {
            await RespondAsync(context, response, shape);
        }
    }

    public async Task StreamAsync(HttpContext context, PlannedResponse response, IResponseShape shape)
    {
        var writer = StartEventStream(context.Response);
        var cancellationToken = context.RequestAborted;
        var scheduler = state.Scheduler;
        var completion = response.Completion;
        var tokens = completion.Tokens();
        var reasoningTokens = completion.ReasoningTokens;
        var latency = response.Latency;
        var total = completion.TotalTokens;
        using var wait = new ScheduledWait(cancellationToken);
        using var timeline = new StreamTimeline(state, response, total);
        shape.WriteOpening(writer);
        var pacer = new TokenPacer(writer, scheduler, wait);
        for (var i = 0; i < total; i++)
        {
            if (!await pacer.AwaitDueAsync(await latency.NextDueAsync(cancellationToken), i == 0, 1, cancellationToken))
            {
                return;
            }

            if (i == reasoningTokens && i > 0)
            {
                shape.WriteContentStart(writer);
            }

            shape.WriteToken(writer, i, reasoningTokens, tokens.NextToken().JsonString);
            timeline.Wrote(scheduler.Now);
        }

        shape.WriteFinish(writer, completion.FinishReason);
        if (response.IncludeUsage)
        {
            shape.WriteUsage(writer, response.Usage);
        }

        shape.WriteEnd(writer);
        if (!(await writer.FlushAsync(cancellationToken)).IsCompleted)
        {
            timeline.Succeeded(completion.FinishReason, total, scheduler.Now);
        }
    }

    /// <summary>Sets the status and headers of an SSE response and returns its body writer.</summary>
    internal static System.IO.Pipelines.PipeWriter StartEventStream(HttpResponse http)
    {
        http.StatusCode = StatusCodes.Status200OK;
        http.ContentType = "text/event-stream";
        http.Headers.CacheControl = "no-cache";
        return http.BodyWriter;
    }

    public async Task RespondAsync(HttpContext context, PlannedResponse response, IResponseShape shape)
    {
        var model = response.Model.Id;
        state.Metrics.RequestStarted(model, response.PromptTokens);
        try
        {
            if (state.Options.DelayNonStreaming)
            {
                var latency = response.Latency;
                var due = await latency.DueOfLastAsync(Math.Max(1, response.LongestChoiceTokens), context.RequestAborted);
                using var wait = new ScheduledWait(context.RequestAborted);
                await state.Scheduler.WaitUntilAsync(wait, due);
            }

            await shape.WriteNonStreamingAsync(context, response);
            var seconds = (state.Scheduler.Now - response.Start) / (double)state.Time.TimestampFrequency;
            state.Metrics.RecordSuccess(model, response.FinishReason, response.CompletionTokens, seconds);
        }
        finally
        {
            state.Metrics.RequestEnded(model);
        }
    }
}
