namespace FakeAI.Bench;

/// <summary>The target server did not accept a connection before any load started; the message names the URL and reason.</summary>
public sealed class ServerUnreachableException : Exception
{
    public ServerUnreachableException(string message)
        : base(message)
    {
    }

    public ServerUnreachableException()
    {
    }

    public ServerUnreachableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
