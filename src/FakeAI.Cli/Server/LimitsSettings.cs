using System.Globalization;
using FakeAI.Server.Limits;

namespace FakeAI.Cli.Server;

/// <summary>The limits' environment variables and <c>fakeai.json</c> keys, and the seconds-to-duration conversion they share.</summary>
internal static class LimitsSettings
{
    /// <summary>Applies <c>FAKEAI_RPM</c>, <c>FAKEAI_TPM</c>, <c>FAKEAI_MAX_CONCURRENCY</c>, <c>FAKEAI_MAX_QUEUE</c>, <c>FAKEAI_QUEUE_TIMEOUT</c>, <c>FAKEAI_STARTUP_DELAY</c>.</summary>
    public static void ApplyEnvironment(LimitsOptions limits, Func<string, string?> get, List<string> errors)
    {
        IntegerSetting.Apply(get("FAKEAI_RPM"), "FAKEAI_RPM", v => limits.RequestsPerMinute = v, errors);
        IntegerSetting.Apply(get("FAKEAI_TPM"), "FAKEAI_TPM", v => limits.TokensPerMinute = v, errors);
        IntegerSetting.Apply(get("FAKEAI_MAX_CONCURRENCY"), "FAKEAI_MAX_CONCURRENCY", v => limits.MaxConcurrency = v, errors);
        IntegerSetting.Apply(get("FAKEAI_MAX_QUEUE"), "FAKEAI_MAX_QUEUE", v => limits.MaxQueue = v, errors);
        SetSeconds(get("FAKEAI_QUEUE_TIMEOUT"), "FAKEAI_QUEUE_TIMEOUT", v => limits.QueueTimeout = v, errors);
        SetSeconds(get("FAKEAI_STARTUP_DELAY"), "FAKEAI_STARTUP_DELAY", v => limits.StartupDelay = v, errors);
    }

    /// <summary>
    /// Sets a duration given in seconds. Non-numbers and values over the limit (which <see cref="TimeSpan"/> might not
    /// hold) are reported here; negative ones pass through to <see cref="LimitsOptions.Validate"/>.
    /// </summary>
    public static void SetSeconds(double? seconds, string where, Action<TimeSpan> set, List<string> errors)
    {
        if (seconds is not { } value)
        {
            return;
        }

        if (!double.IsFinite(value) || value > LimitsOptions.MaxDuration.TotalSeconds || value < -LimitsOptions.MaxDuration.TotalSeconds)
        {
            errors.Add($"{where}: '{value.ToString(CultureInfo.InvariantCulture)}' is not a number of seconds between 0 and {LimitsOptions.MaxDuration.TotalSeconds.ToString(CultureInfo.InvariantCulture)}");
            return;
        }

        set(TimeSpan.FromSeconds(value));
    }

    private static void SetSeconds(string? text, string where, Action<TimeSpan> set, List<string> errors)
    {
        if (text is null)
        {
            return;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            SetSeconds(seconds, where, set, errors);
        }
        else
        {
            errors.Add($"{where}: '{text}' is not a number of seconds");
        }
    }
}
