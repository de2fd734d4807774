using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Net.Sockets;

namespace FakeAI.Bench.Client;

/// <summary>
/// Keep-alive connections to the one server of a run. A request takes an idle connection or opens a new one, so the pool
/// grows to the number of requests in flight (the load phase bounds that by the concurrency); no proxy, no cookies, no
/// redirects, no decompression. https is TLS over the same socket.
/// </summary>
internal sealed class BenchConnectionPool : IDisposable
{
    /// <summary>
    /// Connection attempts in flight at once. Opening thousands at the same instant overflows the server's accept
    /// backlog (Kestrel's is 511), and every dropped SYN then costs a 1 s retransmit; queueing them here keeps the
    /// backlog from overflowing while keep-alive connections absorb the steady state.
    /// </summary>
    private const int MaxPendingConnects = 128;

    private readonly ConcurrentQueue<BenchConnection> _idle = new();
    private readonly SemaphoreSlim _connectGate = new(MaxPendingConnects, MaxPendingConnects);
    private readonly DnsEndPoint _endPoint;
    private readonly bool _tls;
    private readonly TimeSpan _connectTimeout;
    private readonly TlsTrust _trust;
    private BenchConnection? _lent;
    private bool _disposed;

    public BenchConnectionPool(Uri uri, TimeSpan connectTimeout, TlsTrust? trust = null)
    {
        ArgumentNullException.ThrowIfNull(uri);
        _endPoint = new DnsEndPoint(uri.IdnHost, uri.Port);
        _tls = uri.Scheme == Uri.UriSchemeHttps;
        _connectTimeout = connectTimeout;
        _trust = trust ?? TlsTrust.System;
    }

    /// <summary>An idle connection (<c>Reused</c> true) or a newly opened one.</summary>
    public async ValueTask<(BenchConnection Connection, bool Reused)> RentAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _lent) is not null && Interlocked.Exchange(ref _lent, null) is { } lent)
        {
            return (lent, false);
        }

        if (_idle.TryDequeue(out var idle))
        {
            return (idle, true);
        }

        return (await ConnectAsync(cancellationToken).ConfigureAwait(false), false);
    }

    /// <summary>Makes <paramref name="connection"/> the next one rented, ahead of the idle ones (the warm-up exchange's
    /// in-memory connection).</summary>
    public void LendNext(BenchConnection connection) =>
        Interlocked.Exchange(ref _lent, connection)?.Dispose();

    /// <summary>Opens connections until <paramref name="count"/> are idle. One that cannot be opened is left for the
    /// requests to report.</summary>
    public async Task OpenAsync(int count, CancellationToken cancellationToken)
    {
        var opening = Enumerable.Range(0, Math.Max(0, count - _idle.Count)).Select(async _ =>
        {
            try
            {
                _idle.Enqueue(await ConnectAsync(cancellationToken).ConfigureAwait(false));
            }
            catch (Exception e) when (e is SocketException or IOException or AuthenticationException or OperationCanceledException)
            {
                // The requests open their own connection and record why that fails.
            }
        });
        await Task.WhenAll(opening).ConfigureAwait(false);
    }

    /// <summary>Keeps a connection whose response was read completely and that the server keeps open; closes any other.</summary>
    public void Return(BenchConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (connection.IsReusable && !Volatile.Read(ref _disposed))
        {
            _idle.Enqueue(connection);
        }
        else
        {
            connection.Dispose();
        }
    }

    public void Dispose()
    {
        Volatile.Write(ref _disposed, true);
        while (_idle.TryDequeue(out var connection))
        {
            connection.Dispose();
        }

        Interlocked.Exchange(ref _lent, null)?.Dispose();

        _connectGate.Dispose();
    }

    private async Task<BenchConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        await _connectGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Stream? stream = null;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_connectTimeout);
            try
            {
                await socket.ConnectAsync(_endPoint, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new SocketException((int)SocketError.TimedOut, string.Create(CultureInfo.InvariantCulture, $"Connecting to {_endPoint.Host}:{_endPoint.Port} timed out after {_connectTimeout.TotalSeconds:0.#} s"));
            }
            catch (SocketException e)
            {
                throw new SocketException((int)e.SocketErrorCode, $"{e.Message} ({_endPoint.Host}:{_endPoint.Port})");
            }

            stream = new NetworkStream(socket, ownsSocket: true);
            if (_tls)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = ssl;
                await _trust.AuthenticateAsync(ssl, _endPoint.Host, timeout.Token).ConfigureAwait(false);
            }

            return new BenchConnection(stream);
        }
        catch
        {
            stream?.Dispose();
            socket.Dispose();
            throw;
        }
        finally
        {
            _connectGate.Release();
        }
    }
}
