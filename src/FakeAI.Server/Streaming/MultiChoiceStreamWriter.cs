using FakeAI.Server.Latency;
using Microsoft.AspNetCore.Http;

namespace FakeAI.Server.Streaming;

/// <summary>
/// Streams a response with several choices (<c>n</c> &gt; 1 or several prompts). Like a batched engine decoding the
/// choices together, token k of every choice is due at the same absolute time (one latency schedule, jitter shared per
/// step); each step writes one chunk per choice still generating, in index order, then flushes once. A choice's finish
/// chunk follows its last token in the same step. Kept apart from <see cref="ResponseWriter.StreamAsync"/> so the
/// single-choice path pays nothing for it.
/// </summary>
internal sealed class MultiChoiceStreamWriter(ServerState state)
{
    public async Task StreamAsync(HttpContext context, PlannedResponse response, IResponseShape shape)
    {
        var writer = ResponseWriter.StartEventStream(context.Response);
        var cancellationToken = context.RequestAborted;
        var scheduler = state.Scheduler;
        var count = response.Choices.Count;
        var latency = response.Latency;
        var steps = response.LongestChoiceTokens;
        using var wait = new ScheduledWait(cancellationToken);
        using var timeline = new StreamTimeline(state, response, steps);
        var streams = ChoiceStreams.Open(writer, response, shape);

        var pacer = new TokenPacer(writer, scheduler, wait);
        for (var step = 0; step < steps; step++)
        {
            if (!await pacer.AwaitDueAsync(await latency.NextDueAsync(cancellationToken), step == 0, count, cancellationToken))
            {
                return;
            }

            streams.WriteStep(writer, step);
            timeline.Wrote(scheduler.Now);
        }

        if (response.IncludeUsage)
        {
            shape.WriteUsage(writer, response.Usage);
        }

        Protocol.Sse.SseFraming.WriteDone(writer);
        if (!(await writer.FlushAsync(cancellationToken)).IsCompleted)
        {
            timeline.Succeeded(response.FinishReason, response.CompletionTokens, scheduler.Now);
        }
    }
}
