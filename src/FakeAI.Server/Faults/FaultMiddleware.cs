using FakeAI.Server.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FakeAI.Server.Faults;

/// <summary>
/// Decides each faulted route's request's fault (random by rate, or forced by <c>X-FakeAI-Fault</c>) before the body is
/// read: status faults answer here, a timeout holds here, mid-stream faults travel to the response writer as a request
/// feature (chat, completions, Responses, Messages) or play out here (embeddings, rankings). With every rate 0 and no header a request costs one header lookup here.
/// </summary>
internal sealed class FaultMiddleware(RequestDelegate next, ServerState state)
{
    private readonly FaultInjector _faults = state.Faults;

    public Task InvokeAsync(HttpContext context)
    {
        if (!_faults.Decider.Enabled && !context.Request.Headers.ContainsKey(FaultHeader.Name))
        {
            return next(context);
        }

        var target = context.GetEndpoint()?.Metadata.GetMetadata<FaultTarget>();
        return target is null ? next(context) : InjectAsync(context, target);
    }

    private async Task InjectAsync(HttpContext context, FaultTarget target)
    {
        // Every eligible request takes its arrival number, forced or not, so the n-th request's draw never shifts.
        var fault = _faults.Decider.Enabled ? _faults.Decider.Next() : null;
        if (context.Request.Headers.TryGetValue(FaultHeader.Name, out var header))
        {
            if (!FaultHeader.TryParse(header.ToString(), _faults.Decider, _faults.NextForcedFraction(), out fault, out var error))
            {
                await ApiErrors.WriteAsync(context, StatusCodes.Status400BadRequest, error, ApiException.InvalidRequest, null, "invalid_fault_header");
                return;
            }
        }

        switch (fault?.Kind)
        {
            case null:
                await next(context);
                break;
            case FaultKind.Timeout:
                await HoldAsync(context, fault);
                break;
            case { } kind when kind.IsMidStream() && target.HasTokenStream:
                _faults.Attach(context, fault);
                await next(context);
                break;
            case { } kind when kind.IsMidStream():
                await PlayWholeAsync(context, fault);
                break;
            case { } kind:
                _faults.Count(kind);
                await FaultResponses.WriteAsync(context, fault, target, state.Options.Limits, state.Time);
                break;
        }
    }

    /// <summary>
    /// A mid-stream fault on a route answered in one piece: the answer is cut before it starts (<c>disconnect</c> and
    /// <c>truncated-json</c> alike), replaced by the error (<c>stream-error</c>: 500), or sent late (<c>stall</c>).
    /// </summary>
    private async Task PlayWholeAsync(HttpContext context, InjectedFault fault)
    {
        _faults.Count(fault.Kind);
        switch (fault.Kind)
        {
            case FaultKind.Stall:
                context.Response.Headers[FaultInjector.InjectedHeader] = fault.Kind.Name();
                await Task.Delay(TimeSpan.FromSeconds(fault.Seconds), state.Time, context.RequestAborted);
                await next(context);
                return;
            case FaultKind.StreamError:
                context.Response.Headers[FaultInjector.InjectedHeader] = fault.Kind.Name();
                await FaultResponses.WriteStreamErrorAsync(context);
                return;
            default:
                context.Abort();
                return;
        }
    }

    /// <summary>Sends nothing until the client gives up, the server stops or the hold ends; then drops the connection.</summary>
    private async Task HoldAsync(HttpContext context, InjectedFault fault)
    {
        var stopping = context.RequestServices.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
        using var hold = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        _faults.HoldStarted();
        try
        {
            // Counted once the timer runs, so a test that sees the count can move a fake clock past the hold.
            var delay = Task.Delay(TimeSpan.FromSeconds(fault.Seconds), state.Time, hold.Token);
            _faults.Count(FaultKind.Timeout);
            await delay;
        }
        catch (OperationCanceledException)
        {
            // The client left or the server is stopping: either way the request ends without an answer.
        }
        finally
        {
            _faults.HoldEnded();
        }

        context.Abort();
    }
}
