namespace FakeAI.Server.Engine.Calibration;

/// <summary>
/// One level of a calibration sweep: <see cref="Concurrency"/> closed-loop clients (each sends its next request the moment
/// its last one ends) share <see cref="Requests"/> requests of fixed prompt and output lengths.
/// </summary>
internal sealed record SweepPoint(int Concurrency, int PromptTokens, int OutputTokens, int Requests)
{
    /// <summary>Every problem with the point, empty when it can be measured.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Concurrency < 1)
        {
            errors.Add($"concurrency must be at least 1 (got {Concurrency})");
        }

        if (PromptTokens < 1)
        {
            errors.Add($"prompt tokens must be at least 1 (got {PromptTokens})");
        }

        // ITL needs two tokens.
        if (OutputTokens < 2)
        {
            errors.Add($"output tokens must be at least 2 (got {OutputTokens})");
        }

        if (Requests < Concurrency)
        {
            errors.Add($"requests ({Requests}) must be at least the concurrency ({Concurrency})");
        }

        return errors;
    }
}
