using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging;
using NameServer.Actors.Server.Security;

namespace NameServer.Actors.Server.Transport;

/// <summary>
/// The remoting port served by our own loops (<c>remotingTransport = sockets</c>): an accept loop on the listening
/// socket; each accepted connection counted against <c>maxConnections</c> (<see cref="NameServerConnectionHandler"/>'s
/// one count), then its first byte peeked: a plaintext one is served by a <see cref="SocketConnection"/>; anything else
/// (a TLS hello, or plaintext under <c>tlsServerMode=enforcing</c>) becomes a Kestrel socket connection and goes
/// through the same <see cref="TlsDetection"/> and connection handler as with <c>remotingTransport = kestrel</c>.
/// </summary>
internal sealed class SocketTransport : IAsyncDisposable
{
    // Both deadlines are whole seconds: checking every second closes a connection at most a second late.
    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(1);

    private readonly ServerSettings _options;
    private readonly NameServerConnectionHandler _handler;
    private readonly TlsDetection _tls;
    private readonly ConnectionDelegate _kestrelPath;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly ConcurrentDictionary<SocketConnection, byte> _plaintext = new();
    private readonly LargeFrameTurns _largeFrames = new(LargeFrameTurns.DefaultTurns, LargeFrameTurns.DefaultPatience);
    private readonly ConcurrentDictionary<Task, byte> _serving = new();
    private readonly SocketConnectionContextFactory _contexts;
    private Socket? _listener;
    private IPEndPoint? _endPoint;
    private Task? _accepting;
    private ITimer? _sweep;

    /// <summary>Turns at receiving a large frame, shared by this transport's connections.</summary>
    internal LargeFrameTurns LargeFrames => _largeFrames;

    public SocketTransport(ServerSettings options, NameServerConnectionHandler handler, TlsDetection tls, TimeProvider time, ILoggerFactory loggerFactory)
    {
        _options = options;
        _handler = handler;
        _tls = tls;
        _time = time;
        _log = loggerFactory.CreateLogger<SocketTransport>();
        _kestrelPath = tls.Wrap(handler.OnConnectedAsync);
        // As Kestrel's own listener is configured (NameServerListeners.CreateKestrel).
        _contexts = new SocketConnectionContextFactory(
            new SocketConnectionFactoryOptions { UnsafePreferInlineScheduling = true }, loggerFactory.CreateLogger("NameServer.Tls.Connections"));
    }

    /// <summary>The address bound, once started.</summary>
    public IPEndPoint EndPoint => _endPoint ?? throw new InvalidOperationException("The NameServer is not listening.");

    /// <summary>Binds and starts accepting.</summary>
    /// <exception cref="IOException">The port is taken (its inner exception an <see cref="AddressInUseException"/>).</exception>
    public void Start()
    {
        var endPoint = new IPEndPoint(_options.BindAddress, _options.ListenPort);
        var listener = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (endPoint.Address.Equals(IPAddress.IPv6Any))
            {
                // "::" listens on IPv4 too, as Kestrel's listener does.
                listener.DualMode = true;
            }
            listener.Bind(endPoint);
            listener.Listen(_options.ServerSocketBacklog);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            listener.Dispose();
            throw new IOException($"Failed to bind to address {endPoint}: address already in use.", new AddressInUseException(e.Message, e));
        }
        catch
        {
            listener.Dispose();
            throw;
        }
        _listener = listener;
        _endPoint = (IPEndPoint)listener.LocalEndPoint!;
        _sweep = _time.CreateTimer(_ => Sweep(), null, SweepInterval, SweepInterval);
        _accepting = AcceptLoopAsync(listener);
    }

    private async Task AcceptLoopAsync(Socket listener)
    {
        while (true)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync().ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.OperationAborted or SocketError.Interrupted)
            {
                return;
            }
            catch (SocketException e)
            {
                // One failed accept (a connection reset before it was accepted, no file descriptors): keep accepting.
                _log.LogWarning("Accepting a connection failed: {Error}", e.Message);
                continue;
            }
            var serving = ServeAsync(socket);
            _serving[serving] = 0;
            _ = serving.ContinueWith(static (t, state) => ((ConcurrentDictionary<Task, byte>)state!).TryRemove(t, out _), _serving,
                CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        // Runs from the accept loop: leave it at once.
        await Task.Yield();
        socket.NoDelay = true;
        var connection = new SocketConnection(socket, _handler.Frames, _largeFrames, _log);
        if (!_handler.TryAdmit(connection, connection.RemoteEndPoint, connection.Abort))
        {
            connection.Abort("maxConnections reached");
            return;
        }
        try
        {
            var first = await PeekFirstByteAsync(socket, connection).ConfigureAwait(false);
            if (first is null)
            {
                connection.Abort("nothing received");
                return;
            }
            if (_tls.ServesPlaintext(first.Value))
            {
                _plaintext[connection] = 0;
                try
                {
                    await connection.RunAsync().ConfigureAwait(false);
                }
                finally
                {
                    _plaintext.TryRemove(connection, out _);
                }
                return;
            }
            // TLS (or a refusal): Kestrel's connection over this socket, through the same middleware as the kestrel
            // transport; closing the socket (AbortAll) ends it as it ends any other.
            var context = _contexts.Create(socket);
            await using (context.ConfigureAwait(false))
            {
                await _kestrelPath(context).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException)
        {
            _log.LogDebug("Connection {Remote} ended: {Error}", connection.RemoteEndPoint, e.Message);
        }
        catch (Exception e)
        {
            _log.LogError(e, "Connection {Remote} failed", connection.RemoteEndPoint);
        }
        finally
        {
            connection.Abort("connection ended");
            _handler.Release(connection);
        }
    }

    // The first byte, left unread; null when the peer closed or sent nothing within the first-byte timeout (the
    // idle time, as TlsDetection waits on the kestrel transport).
    private async Task<byte?> PeekFirstByteAsync(Socket socket, SocketConnection connection)
    {
        var first = new byte[1];
        using var timeout = new CancellationTokenSource(_options.FirstByteTimeout, _time);
        try
        {
            var received = await socket.ReceiveAsync(first, SocketFlags.Peek, timeout.Token).ConfigureAwait(false);
            return received == 0 ? null : first[0];
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            _log.LogInformation("Closing connection {Remote}: nothing received within {Timeout}", connection.RemoteEndPoint, _options.FirstByteTimeout);
            return null;
        }
    }

    private void Sweep()
    {
        var now = _time.GetTimestamp();
        var idle = TimeSpan.FromSeconds(Math.Max(1, _options.ServerChannelMaxIdleTimeSeconds));
        var frameDeadline = TimeSpan.FromSeconds(Math.Max(1, _options.FrameReadTimeoutSeconds));
        foreach (var connection in _plaintext.Keys)
        {
            connection.CheckDeadlines(now, idle, frameDeadline);
        }
    }

    /// <summary>Stops accepting: the port is released, open connections stay (closed by <see cref="NameServerConnectionHandler.AbortAll"/>).</summary>
    public async Task StopAcceptingAsync()
    {
        _listener?.Dispose();
        if (_accepting is not null)
        {
            await _accepting.ConfigureAwait(false);
        }
    }

    /// <summary>Stops accepting and waits (at most <paramref name="timeout"/>) for the connections to end once closed.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        await StopAcceptingAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_serving.Keys).WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _log.LogWarning("{Count} connections still open after {Timeout}", _serving.Count, timeout);
        }
        _sweep?.Dispose();
        _sweep = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        _contexts.Dispose();
    }
}
