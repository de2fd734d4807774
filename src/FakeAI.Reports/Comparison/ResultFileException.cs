namespace FakeAI.Reports.Comparison;

/// <summary>A file given to <c>fakeai compare</c> cannot be read or is not a result file; the message names the file and why.</summary>
public sealed class ResultFileException : Exception
{
    public ResultFileException(string path, string reason)
        : base($"{path}: {reason}")
    {
        FilePath = path;
        Reason = reason;
    }

    public ResultFileException()
    {
        FilePath = string.Empty;
        Reason = string.Empty;
    }

    public ResultFileException(string message)
        : base(message)
    {
        FilePath = string.Empty;
        Reason = message;
    }

    public ResultFileException(string message, Exception innerException)
        : base(message, innerException)
    {
        FilePath = string.Empty;
        Reason = message;
    }

    public string FilePath { get; }

    public string Reason { get; }
}
