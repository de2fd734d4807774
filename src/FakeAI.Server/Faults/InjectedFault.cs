namespace FakeAI.Server.Faults;

/// <summary>
/// One request's fault. <paramref name="AfterTokens"/> null means "draw k from <paramref name="AfterFraction"/> × the
/// response's output length"; <paramref name="Seconds"/> is the stall or hold length; <paramref name="RetryAfterSeconds"/>
/// is a 429's Retry-After.
/// </summary>
internal sealed record InjectedFault(FaultKind Kind, int? AfterTokens, double AfterFraction, double Seconds, int RetryAfterSeconds)
{
    /// <summary>The k of a mid-stream fault for a response of <paramref name="outputTokens"/> tokens.</summary>
    public int After(int outputTokens) =>
        AfterTokens ?? (outputTokens <= 0 ? 0 : Math.Min(outputTokens - 1, (int)(AfterFraction * outputTokens)));
}
