using System.CommandLine;
using System.Globalization;
using System.Text;
using FakeAI.Bench.Export;
using FakeAI.Cli.Parsing;
using Microsoft.Extensions.Logging;

namespace FakeAI.Cli.Profile;

/// <summary>
/// The run's log, written as <c>logs/aiperf.log</c> in the artifact directory like aiperf's: lines are kept in memory during
/// the run (the directory is known only at the end, and disk writes must not disturb the measurement) and written once,
/// also when the run failed. Its factory also serves the embedded server, so server-side errors land in the same file.
/// </summary>
internal sealed class ProfileLog : ILoggerProvider
{
    private readonly LogLevel _minimum;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly StringBuilder _text = new();

    public ProfileLog(LogLevel minimum, TimeProvider time)
    {
        _minimum = minimum;
        _time = time;
        Factory = LoggerFactory.Create(builder => builder.SetMinimumLevel(minimum).AddProvider(this));
    }

    public ILoggerFactory Factory { get; }

    public ILogger CreateLogger(string categoryName) => new Writer(this, categoryName);

    /// <summary>aiperf's levels mapped onto .NET's; <c>-vv</c> wins over <c>-v</c>, which wins over <c>--log-level</c>.</summary>
    public static LogLevel ParseLevel(ParseResult parse, ProfileOptions o, List<string> errors)
    {
        if (parse.GetValue(o.ExtraVerbose))
        {
            return LogLevel.Trace;
        }

        if (parse.GetValue(o.Verbose))
        {
            return LogLevel.Debug;
        }

        // notice (25) and success (35) sit between .NET's levels; nothing is logged at them, so the next level up is exact.
        return Choice<LogLevel>.Parse(
            parse.GetValue(o.LogLevel), "--log-level", LogLevel.Information, errors,
            new("trace", LogLevel.Trace),
            new("debug", LogLevel.Debug),
            new("info", LogLevel.Information),
            new("notice", LogLevel.Warning),
            new("warning", LogLevel.Warning),
            new("success", LogLevel.Error),
            new("error", LogLevel.Error),
            new("critical", LogLevel.Critical));
    }

    /// <summary>Writes <c>logs/aiperf.log</c> under <paramref name="artifactDirectory"/> and returns its path.</summary>
    public async Task<string> WriteAsync(string artifactDirectory, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(artifactDirectory, "logs");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "aiperf.log");
        string text;
        lock (_gate)
        {
            text = _text.ToString();
        }

        await AtomicFile.WriteAsync(path, (stream, token) => stream.WriteAsync(Encoding.UTF8.GetBytes(text), token).AsTask(), cancellationToken);
        return path;
    }

    public void Dispose() => Factory.Dispose();

    private void Append(LogLevel level, string category, string message, Exception? exception)
    {
        var line = string.Create(CultureInfo.InvariantCulture, $"{_time.GetUtcNow():yyyy-MM-dd HH:mm:ss.fff} {Name(level),-8} {category}: {message}");
        lock (_gate)
        {
            _text.Append(line).Append('\n');
            if (exception is not null)
            {
                _text.Append(exception).Append('\n');
            }
        }
    }

    private static string Name(LogLevel level) => level switch
    {
        LogLevel.Trace => "TRACE",
        LogLevel.Debug => "DEBUG",
        LogLevel.Information => "INFO",
        LogLevel.Warning => "WARNING",
        LogLevel.Error => "ERROR",
        _ => "CRITICAL",
    };

    private sealed class Writer(ProfileLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= log._minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                log.Append(logLevel, category, formatter(state, exception), exception);
            }
        }
    }
}
