using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using Akka.Actor;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using NameServer.Actors.Routing;
using NameServer.Actors.Server.Security;
using NameServer.Actors.Server.Transport;

namespace NameServer.Actors.Server;

/// <summary>
/// The remoting connections of one NameServer: their admission (<see cref="ServerSettings.MaxConnections"/>, one count
/// for both transports), their closing on shutdown, and the serving of a Kestrel connection — TLS ones always, every
/// one with <c>remotingTransport = kestrel</c>. It reads frames from the connection's pipe (the size limit enforced
/// from the length prefix) and hands them to the per-frame handling both transports share (<see cref="RemotingFrames"/>).
/// Any framing or header error closes this connection only, as the Java server does; so does a connection silent for
/// <see cref="ServerSettings.ServerChannelMaxIdleTimeSeconds"/>, or one that leaves a frame unfinished for
/// <see cref="ServerSettings.FrameReadTimeoutSeconds"/>.
/// </summary>
public sealed class NameServerConnectionHandler : ConnectionHandler
{
    private readonly ServerSettings _options;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly ConcurrentDictionary<object, Action<string>> _open = new();
    private int _connections;

    /// <param name="gate">Refuses protected requests that are neither signed nor from an allowed address (null: no checks).</param>
    public NameServerConnectionHandler(
        RoutingCore core, RequestDispatcher dispatcher, ServerSettings options, ServerLifecycle lifecycle, TimeProvider time, ILogger log,
        AdminGate? gate = null)
    {
        ArgumentNullException.ThrowIfNull(dispatcher);
        _options = options;
        _time = time;
        _log = log;
        Frames = new RemotingFrames(core, dispatcher, options, lifecycle, time, log, gate);
    }

    /// <summary>The per-frame handling, shared with <c>SocketTransport</c>.</summary>
    internal RemotingFrames Frames { get; }

    /// <summary>Connections open now.</summary>
    public int OpenConnections => Volatile.Read(ref _connections);

    /// <summary>Closes every open connection (end of a graceful shutdown, after requests in flight were answered).</summary>
    public void AbortAll(string reason)
    {
        foreach (var abort in _open.Values)
        {
            abort(reason);
        }
    }

    /// <summary>
    /// Counts a new connection against <see cref="ServerSettings.MaxConnections"/>; false (logged) when it must be
    /// refused. An admitted one is closed by <see cref="AbortAll"/> until <see cref="Release"/>.
    /// </summary>
    internal bool TryAdmit(object connection, EndPoint? remote, Action<string> abort)
    {
        if (Interlocked.Increment(ref _connections) > _options.MaxConnections && _options.MaxConnections > 0)
        {
            Interlocked.Decrement(ref _connections);
            _log.LogWarning("Refusing connection {Remote}: maxConnections ({Max}) reached", remote, _options.MaxConnections);
            return false;
        }
        _open[connection] = abort;
        return true;
    }

    internal void Release(object connection)
    {
        _open.TryRemove(connection, out _);
        Interlocked.Decrement(ref _connections);
    }

    /// <summary>
    /// First middleware of every Kestrel connection: refuses connections beyond <see cref="ServerSettings.MaxConnections"/>
    /// before anything else (TLS handshake included) is spent on them, and tracks the open ones for shutdown.
    /// </summary>
    public ConnectionDelegate Admit(ConnectionDelegate next) => async connection =>
    {
        if (!TryAdmit(connection, connection.RemoteEndPoint, reason => connection.Abort(new ConnectionAbortedException(reason))))
        {
            connection.Abort(new ConnectionAbortedException("maxConnections reached"));
            return;
        }
        try
        {
            await next(connection).ConfigureAwait(false);
        }
        finally
        {
            Release(connection);
        }
    };

    public override Task OnConnectedAsync(ConnectionContext connection) => ServeAsync(connection);

    private async Task ServeAsync(ConnectionContext context)
    {
        Action<string> abort = reason => context.Abort(new ConnectionAbortedException(reason));
        var session = await Frames.OpenSessionAsync(abort, context.RemoteEndPoint).ConfigureAwait(false);
        if (session is null)
        {
            return;
        }
        var writer = new PipeResponseWriter(context.Transport.Output);
        var connection = new RemotingConnection(session, writer, context.RemoteEndPoint, abort);
        try
        {
            await ReadLoopAsync(context, connection).ConfigureAwait(false);
        }
        catch (ConnectionResetException)
        {
            // The peer went away: a close like any other.
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or ConnectionAbortedException)
        {
            _log.LogDebug("Connection {Remote} ended: {Error}", context.RemoteEndPoint, e.Message);
        }
        finally
        {
            session.Tell(Routing.ConnectionClosed.Instance);
            await writer.CompleteAsync().ConfigureAwait(false);
        }
    }

    private async Task ReadLoopAsync(ConnectionContext context, RemotingConnection connection)
    {
        var input = context.Transport.Input;
        var writer = connection.Writer;
        var idle = TimeSpan.FromSeconds(Math.Max(1, _options.ServerChannelMaxIdleTimeSeconds));
        using var idleTimer = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(idleTimer.Token, context.ConnectionClosed);
        var frameDeadline = TimeSpan.FromSeconds(Math.Max(1, _options.FrameReadTimeoutSeconds));
        long? partialSince = null;
        while (true)
        {
            // Waiting for the rest of a started frame has its own, shorter deadline (slow senders).
            var wait = partialSince is { } since ? frameDeadline - _time.GetElapsedTime(since) : idle;
            idleTimer.CancelAfter(wait > TimeSpan.Zero ? (wait < idle ? wait : idle) : TimeSpan.FromTicks(1));
            ReadResult result;
            try
            {
                result = await input.ReadAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (idleTimer.IsCancellationRequested)
            {
                var reason = partialSince is null ? $"idle for {idle}" : $"incomplete frame for {frameDeadline}";
                _log.LogInformation("Closing connection {Remote}: {Reason}", context.RemoteEndPoint, reason);
                connection.Abort(reason);
                return;
            }
            catch (OperationCanceledException)
            {
                return;
            }
            var buffer = result.Buffer;
            FrameBatch batch;
            await writer.EnterAsync().ConfigureAwait(false);
            try
            {
                batch = Frames.HandleFrames(connection, ref buffer);
                if (batch.Replies > 0)
                {
                    await writer.FlushAsync().ConfigureAwait(false);
                }
            }
            catch
            {
                input.AdvanceTo(buffer.Start, result.Buffer.End);
                throw;
            }
            finally
            {
                writer.Exit();
            }
            if (batch.Deferred is { } deferred)
            {
                // The socket thread goes back to its other connections; this one reads on once the request is
                // answered, and its pipe keeps the body's bytes until then.
                try
                {
                    await Frames.HandleDeferredAsync(connection, deferred).ConfigureAwait(false);
                }
                finally
                {
                    // Nothing after the deferred frame was examined: frames already received are read again at once.
                    input.AdvanceTo(buffer.Start, buffer.Start);
                }
            }
            else
            {
                input.AdvanceTo(buffer.Start, result.Buffer.End);
            }
            if (!batch.KeepOpen)
            {
                return;
            }
            if (batch.Deferred is not null)
            {
                // Whatever follows the deferred frame has not been looked at yet.
                partialSince = null;
                continue;
            }
            // The frame left over after whole ones is a new one, whose deadline starts now.
            var consumed = !buffer.Start.Equals(result.Buffer.Start);
            partialSince = buffer.IsEmpty ? null : consumed ? _time.GetTimestamp() : partialSince ?? _time.GetTimestamp();
            if (result.IsCompleted || result.IsCanceled)
            {
                return;
            }
        }
    }
}
