using Microsoft.Extensions.Logging;

namespace FakeAI.Cli.Profile;

/// <summary>What <c>fakeai profile</c> writes to its log file.</summary>
internal static partial class ProfileLogMessages
{
    [LoggerMessage(Level = LogLevel.Information, Message = "{Command}")]
    public static partial void Starting(ILogger logger, string command);

    [LoggerMessage(Level = LogLevel.Information, Message = "Embedded FakeAI server listening on {Url}")]
    public static partial void EmbeddedServer(ILogger logger, Uri url);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Note}")]
    public static partial void NotApplicable(ILogger logger, string note);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Load mode {Mode}, target {Url}")]
    public static partial void Plan(ILogger logger, Bench.LoadMode mode, Uri url);

    [LoggerMessage(Level = LogLevel.Information, Message = "Profiling finished: {Succeeded} succeeded, {Failed} failed, cancelled {Cancelled}")]
    public static partial void Finished(ILogger logger, int succeeded, int failed, bool cancelled);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Request {RequestId} ({Model}, turn {Turn} of {Conversation}) failed: {Code} {Type}: {Error}")]
    public static partial void RequestFailed(ILogger logger, string requestId, string model, int turn, string conversation, int? code, string type, string error);

    [LoggerMessage(Level = LogLevel.Trace, Message = "Request {RequestId} ({Model}, turn {Turn} of {Conversation}): {Responses} responses, {InputTokens} input tokens")]
    public static partial void RequestSucceeded(ILogger logger, string requestId, string model, int turn, string conversation, int responses, int inputTokens);

    [LoggerMessage(Level = LogLevel.Information, Message = "Wrote {Directory}")]
    public static partial void Wrote(ILogger logger, string directory);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Failure}")]
    public static partial void Failed(ILogger logger, string failure);
}
