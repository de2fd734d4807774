using System.Buffers;
using System.IO.Pipelines;
using FakeAI.Protocol.Sse;
using FakeAI.Server.Latency;
using FakeAI.Server.Streaming;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace FakeAI.Server.Faults;

/// <summary>
/// Sends a response that carries a mid-stream fault. It follows <see cref="MultiChoiceStreamWriter"/>'s schedule (one
/// write per step, every choice's token k due together; with one choice the bytes are the single-choice writer's; the
/// Responses and Messages APIs' named events as <see cref="ResponseWriter"/> writes them) and strikes after k steps. Kept apart from the normal writers so they pay nothing for faults. A faulted response is never
/// a success in the vllm metrics, except a stall, which completes.
/// </summary>
internal sealed class FaultedResponseWriter(ServerState state)
{
    public Task SendAsync(HttpContext context, PlannedResponse response, IResponseShape shape, bool stream, InjectedFault fault)
    {
        context.Response.Headers[FaultInjector.InjectedHeader] = fault.Kind.Name();
        return stream ? StreamAsync(context, response, shape, fault) : RespondAsync(context, response, shape, fault);
    }

    private async Task StreamAsync(HttpContext context, PlannedResponse response, IResponseShape shape, InjectedFault fault)
    {
        var writer = ResponseWriter.StartEventStream(context.Response);
        var cancellationToken = context.RequestAborted;
        var scheduler = state.Scheduler;
        var latency = response.Latency;
        var steps = response.LongestChoiceTokens;
        var strikeAt = Math.Min(fault.After(steps), steps);
        var stall = fault.Kind == FaultKind.Stall;
        var stallTicks = stall ? (long)(fault.Seconds * state.Time.TimestampFrequency) : 0;
        var namedEvents = context.GetEndpoint()?.Metadata.GetMetadata<FaultTarget>()?.NamedEvents == true;
        var stream = FaultedStreamSteps.For(response, shape, namedEvents);
        using var wait = new ScheduledWait(cancellationToken);
        using var timeline = new StreamTimeline(state, response, steps);
        stream.Open(writer);

        var last = response.Start;
        var pacer = new TokenPacer(writer, scheduler, wait);
        for (var step = 0; step < steps; step++)
        {
            var due = await latency.NextDueAsync(cancellationToken);
            if (stall && step >= strikeAt)
            {
                // The pause sits before token k+1 (step k); the later tokens keep their spacing, shifted by the stall.
                due += stallTicks;
                if (step == strikeAt)
                {
                    state.Faults.Count(FaultKind.Stall);
                }
            }

            last = due;
            if (!await pacer.AwaitDueAsync(due, step == 0, response.Choices.Count, cancellationToken))
            {
                return;
            }

            // The fault strikes when token k+1 was due, as if the replica died while producing it.
            if (step == strikeAt && !stall)
            {
                await StrikeAsync(context, writer, shape, fault, stream, step);
                return;
            }

            stream.Write(writer, step);
            timeline.Wrote(scheduler.Now);
        }

        if (strikeAt >= steps)
        {
            if (!stall)
            {
                await StrikeAsync(context, writer, shape, fault, stream, steps);
                return;
            }

            // A stall after the last token holds back the end of the stream.
            state.Faults.Count(FaultKind.Stall);
            if ((await writer.FlushAsync(cancellationToken)).IsCompleted)
            {
                return;
            }

            await scheduler.WaitUntilAsync(wait, last + stallTicks);
        }

        stream.Finish(writer);
        if (!(await writer.FlushAsync(cancellationToken)).IsCompleted)
        {
            timeline.Succeeded(response.FinishReason, response.CompletionTokens, scheduler.Now);
        }
    }

    /// <summary>Ends the stream after what has been written: cut, the API's error event, or half a line and cut.</summary>
    private async Task StrikeAsync(HttpContext context, PipeWriter writer, IResponseShape shape, InjectedFault fault, FaultedStreamSteps stream, int step)
    {
        var cancellationToken = context.RequestAborted;
        state.Faults.Count(fault.Kind);
        switch (fault.Kind)
        {
            case FaultKind.StreamError:
                shape.WriteStreamError(writer);
                await writer.FlushAsync(cancellationToken);
                return;
            case FaultKind.TruncatedJson:
                // Half of the event that was due next: "data: {..." (after its event: line, if named) with its JSON cut
                // off and no terminator.
                var nextEvent = stream.Next(step);
                var payload = nextEvent.Length - SseFraming.DataPrefix.Length - SseFraming.EventTerminator.Length;
                writer.Write(nextEvent.AsSpan(0, SseFraming.DataPrefix.Length + Math.Max(1, payload / 2)));
                break;
        }

        // Kestrel sends what was flushed before it closes: 3,000 of 3,000 aborted streams at 1,000 concurrent delivered
        // exactly their k tokens without any pause before the abort.
        await writer.FlushAsync(cancellationToken);
        context.Abort();
    }

    private async Task RespondAsync(HttpContext context, PlannedResponse response, IResponseShape shape, InjectedFault fault)
    {
        var model = response.Model.Id;
        state.Metrics.RequestStarted(model, response.PromptTokens);
        try
        {
            var latency = response.Latency;
            var due = state.Options.DelayNonStreaming ? await latency.DueOfLastAsync(Math.Max(1, response.LongestChoiceTokens), context.RequestAborted) : state.Scheduler.Now;
            if (fault.Kind == FaultKind.Stall)
            {
                // The whole answer is one write, so the pause delays it.
                due += (long)(fault.Seconds * state.Time.TimestampFrequency);
            }

            state.Faults.Count(fault.Kind);
            using (var wait = new ScheduledWait(context.RequestAborted))
            {
                await state.Scheduler.WaitUntilAsync(wait, due);
            }

            switch (fault.Kind)
            {
                case FaultKind.Stall:
                    await shape.WriteNonStreamingAsync(context, response);
                    var seconds = (state.Scheduler.Now - response.Start) / (double)state.Time.TimestampFrequency;
                    state.Metrics.RecordSuccess(model, response.FinishReason, response.CompletionTokens, seconds);
                    break;
                case FaultKind.StreamError:
                    await FaultResponses.WriteStreamErrorAsync(context);
                    break;
                case FaultKind.TruncatedJson:
                    await WriteTruncatedBodyAsync(context, response, shape);
                    context.Abort();
                    break;
                default:
                    // Disconnect: the connection drops where the body would have been sent; no status line reaches the client.
                    context.Abort();
                    break;
            }
        }
        finally
        {
            state.Metrics.RequestEnded(model);
        }
    }

    /// <summary>Renders the normal body aside, then sends its headers (with the full Content-Length) and half of it.</summary>
    private static async Task WriteTruncatedBodyAsync(HttpContext context, PlannedResponse response, IResponseShape shape)
    {
        var original = context.Features.Get<IHttpResponseBodyFeature>()!;
        using var body = new MemoryStream();
        var aside = new StreamResponseBodyFeature(body);
        context.Features.Set<IHttpResponseBodyFeature>(aside);
        try
        {
            await shape.WriteNonStreamingAsync(context, response);
            await aside.CompleteAsync();
        }
        finally
        {
            context.Features.Set(original);
        }

        var bytes = body.ToArray();
        context.Response.ContentLength = bytes.Length;
        await original.Writer.WriteAsync(bytes.AsMemory(0, bytes.Length / 2), context.RequestAborted);
        await original.Writer.FlushAsync(context.RequestAborted);
    }
}
