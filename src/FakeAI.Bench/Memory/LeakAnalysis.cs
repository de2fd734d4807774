namespace FakeAI.Bench.Memory;

/// <summary>
/// Result of fitting resident memory against time by ordinary least squares, with the Theil–Sen slope beside it.
/// </summary>
/// <param name="SampleCount">Number of samples fitted.</param>
/// <param name="SlopeMegabytesPerMinute">Growth rate of the fitted line.</param>
/// <param name="MedianSlopeMegabytesPerMinute">Theil–Sen slope: the median of the slopes between every pair of samples,
/// which a few steps do not move.</param>
/// <param name="RSquared">Share of the variance the line explains (0 when memory did not vary at all).</param>
/// <param name="SlopeTStatistic">Slope divided by its standard error; infinite for a perfect fit with a non-zero slope.</param>
/// <param name="CriticalT">Two-sided 5 % critical value of Student's t with n − 2 degrees of freedom.</param>
/// <param name="IsSignificant">The fit explains the data (R² ≥ <see cref="LeakDetector.MinimumRSquared"/>) and the slope differs from 0 at the 5 % level.</param>
/// <param name="LeakDetected">Both slopes above <see cref="LeakDetector.LeakThresholdMegabytesPerMinute"/> and the fit is significant.</param>
public sealed record LeakAnalysis(
    int SampleCount,
    double SlopeMegabytesPerMinute,
    double MedianSlopeMegabytesPerMinute,
    double RSquared,
    double SlopeTStatistic,
    double CriticalT,
    bool IsSignificant,
    bool LeakDetected);
