namespace FakeAI.Bench.Datasets;

/// <summary>An input file or dataset option that cannot be used; the message names the file and line.</summary>
public sealed class DatasetException : Exception
{
    public DatasetException(string message)
        : base(message)
    {
    }

    public DatasetException()
    {
    }

    public DatasetException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
