using Microsoft.AspNetCore.Builder;

namespace FakeAI.Server.Limits;

/// <summary>Wires the limits into a server being built; with every limit off it adds nothing at all.</summary>
internal static class LimitsPipeline
{
    /// <summary>Call right after <c>UseRouting</c> and before the API key check.</summary>
    public static void Configure(IApplicationBuilder app, ServerState state)
    {
        var limits = state.Options.Limits;
        if (!limits.AdmissionEnabled && limits.StartupDelay <= TimeSpan.Zero)
        {
            return;
        }

        var metrics = new LimitsMetrics(state.Metrics.Registry, state.Metrics.ModelLabels, limits);
        if (limits.AdmissionEnabled)
        {
            state.Admission = new RequestAdmission(state.Options, state.Time, metrics);
        }

        if (limits.StartupDelay > TimeSpan.Zero)
        {
            app.UseMiddleware<StartupGateMiddleware>(new StartupGate(state.Time, limits.StartupDelay), metrics);
        }
    }
}
