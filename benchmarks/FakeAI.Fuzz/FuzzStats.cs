using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace FakeAI.Fuzz;

/// <summary>Counters of the run and the findings saved for replay (each as the exact request bytes plus a note).</summary>
internal sealed class FuzzStats(string findingsDirectory)
{
    private const int MaxSavedPerKind = 50;

    private readonly ConcurrentDictionary<string, long> _statuses = new();
    private readonly ConcurrentDictionary<string, long> _outcomes = new();
    private readonly ConcurrentDictionary<string, long> _kinds = new();
    private readonly ConcurrentDictionary<string, long> _saved = new();
    private readonly ConcurrentQueue<string> _findings = new();
    private long _sent;
    private long _bytesSent;
    private long _validNot200;

    public long Sent => Interlocked.Read(ref _sent);

    public long BytesSent => Interlocked.Read(ref _bytesSent);

    public long ValidNot200 => Interlocked.Read(ref _validNot200);

    public IReadOnlyDictionary<string, long> Statuses => _statuses;

    public IReadOnlyDictionary<string, long> Outcomes => _outcomes;

    public IReadOnlyDictionary<string, long> Kinds => _kinds;

    public IEnumerable<string> Findings => _findings;

    /// <summary>Requests answered with a 5xx, other than the documented 505 for a request line's unknown HTTP version.</summary>
    public long ServerErrors { get; private set; }

    public long KnownServerErrors { get; private set; }

    public long UnexpectedConnectionErrors { get; private set; }

    public void Record(FuzzCase fuzzCase, ExchangeResult result)
    {
        Interlocked.Increment(ref _sent);
        Interlocked.Add(ref _bytesSent, fuzzCase.Request.Length);
        var kind = fuzzCase.Kind;
        _kinds.AddOrUpdate(kind, 1, (_, n) => n + 1);
        _outcomes.AddOrUpdate(result.Outcome.ToString(), 1, (_, n) => n + 1);
        if (result.Outcome == Outcome.Answered)
        {
            _statuses.AddOrUpdate(result.Status.ToString(CultureInfo.InvariantCulture), 1, (_, n) => n + 1);
        }

        if (result.Status >= 500)
        {
            // Kestrel answers 505 to a request line naming an HTTP version other than 1.x (docs/server.md).
            var known = result.Status == 505 && !NamesHttp1(fuzzCase.Request);
            lock (_findings)
            {
                if (known)
                {
                    KnownServerErrors++;
                }
                else
                {
                    ServerErrors++;
                }
            }

            if (!known)
            {
                Save("5xx", fuzzCase, result);
            }

            return;
        }

        var expectedWithoutAnswer = !fuzzCase.WellFramed && result.Outcome is Outcome.ClosedWithoutAnswer or Outcome.Reset or Outcome.Garbled;
        if (result.Outcome != Outcome.Answered && !expectedWithoutAnswer)
        {
            lock (_findings)
            {
                UnexpectedConnectionErrors++;
            }

            Save("conn-" + result.Outcome.ToString().ToLowerInvariant(), fuzzCase, result);
            return;
        }

        if (fuzzCase.Mutation == "valid" && result.Status != 200)
        {
            Interlocked.Increment(ref _validNot200);
            Save("valid-" + result.Status.ToString(CultureInfo.InvariantCulture), fuzzCase, result);
        }
    }

    /// <summary>Whether the request line ends in <c>HTTP/1.0</c> or <c>HTTP/1.1</c> (a flipped byte may have changed it).</summary>
    internal static bool NamesHttp1(byte[] request)
    {
        var line = request.AsSpan(0, Math.Max(0, request.AsSpan().IndexOf((byte)'\n') is var end and >= 0 ? end : request.Length)).TrimEnd((byte)'\r');
        return line.EndsWith(" HTTP/1.1"u8) || line.EndsWith(" HTTP/1.0"u8);
    }

    private void Save(string label, FuzzCase fuzzCase, ExchangeResult result)
    {
        if (_saved.AddOrUpdate(label, 1, (_, n) => n + 1) > MaxSavedPerKind)
        {
            return;
        }

        Directory.CreateDirectory(findingsDirectory);
        var name = string.Create(CultureInfo.InvariantCulture, $"{fuzzCase.Index:D8}-{label}");
        var path = Path.Combine(findingsDirectory, name + ".http");
        File.WriteAllBytes(path, fuzzCase.Request);
        var note = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"case {fuzzCase.Index}: {fuzzCase.Route}; mutation: {fuzzCase.Mutation}\n")
            .Append(CultureInfo.InvariantCulture, $"outcome: {result.Outcome}, status {result.Status}, {result.BytesReceived} bytes received; error: {result.Error ?? "none"}\n")
            .Append(CultureInfo.InvariantCulture, $"half-close after sending: {fuzzCase.HalfClose}\n")
            .Append("replay: dotnet benchmarks/FakeAI.Fuzz/bin/Release/net10.0/FakeAI.Fuzz.dll --replay ").Append(path)
            .Append(fuzzCase.HalfClose ? " --half-close" : string.Empty).Append(" --url http://127.0.0.1:PORT\n\n")
            .Append("response head:\n").Append(result.Head);
        File.WriteAllText(Path.Combine(findingsDirectory, name + ".txt"), note.ToString());
        _findings.Enqueue(name);
    }
}
