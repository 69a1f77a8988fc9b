using System.Buffers;
using System.IO.Pipelines;
using Akka.Actor;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using NameServer.Actors.Protocol;
using NameServer.Actors.Protocol.Frames;
using NameServer.Actors.Protocol.Headers;
using NameServer.Actors.Routing;
using NameServer.Actors.Server.Observability;
using NameServer.Actors.Server.Security;

namespace NameServer.Actors.Server;

/// <summary>
/// One Kestrel connection: opens its BrokerSession, reads frames (the size limit enforced from the length prefix),
/// answers each request with the request's opaque and header format, and never answers oneway requests. Answers that
/// are ready together are written in one flush. Any framing or header error closes this connection only, as the Java
/// server does; so does a connection silent for <see cref="ServerSettings.ServerChannelMaxIdleTimeSeconds"/>.
/// </summary>
public sealed class NameServerConnectionHandler : ConnectionHandler
{
    private readonly RoutingCore _core;
    private readonly RequestDispatcher _dispatcher;
    private readonly ServerSettings _options;
    private readonly ServerLifecycle _lifecycle;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly AdminGate? _gate;
    private readonly NameServerMetrics _metrics;

    /// <param name="gate">Refuses protected requests that are neither signed nor from an allowed address (null: no checks).</param>
    public NameServerConnectionHandler(
        RoutingCore core, RequestDispatcher dispatcher, ServerSettings options, ServerLifecycle lifecycle, TimeProvider time, ILogger log,
        AdminGate? gate = null)
    {
        _gate = gate;
        // Answers are counted where they are written, on the dispatcher's instruments.
        _metrics = dispatcher.Metrics;
        _core = core;
        _dispatcher = dispatcher;
        _options = options;
        _lifecycle = lifecycle;
        _time = time;
        _log = log;
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<ConnectionContext, byte> _open = new();
    private int _connections;

    /// <summary>Connections open now.</summary>
    public int OpenConnections => Volatile.Read(ref _connections);

    /// <summary>Closes every open connection (end of a graceful shutdown, after requests in flight were answered).</summary>
    public void AbortAll(string reason)
    {
        foreach (var connection in _open.Keys)
        {
            connection.Abort(new ConnectionAbortedException(reason));
        }
    }

    /// <summary>
    /// First middleware of every connection: refuses connections beyond <see cref="ServerSettings.MaxConnections"/>
    /// before anything else (TLS handshake included) is spent on them, and tracks the open ones for shutdown.
    /// </summary>
    public ConnectionDelegate Admit(ConnectionDelegate next) => async connection =>
    {
        if (Interlocked.Increment(ref _connections) > _options.MaxConnections && _options.MaxConnections > 0)
        {
            Interlocked.Decrement(ref _connections);
            _log.LogWarning("Refusing connection {Remote}: maxConnections ({Max}) reached", connection.RemoteEndPoint, _options.MaxConnections);
            connection.Abort(new ConnectionAbortedException("maxConnections reached"));
            return;
        }
        _open[connection] = 0;
        try
        {
            await next(connection).ConfigureAwait(false);
        }
        finally
        {
            _open.TryRemove(connection, out _);
            Interlocked.Decrement(ref _connections);
        }
    };

    public override Task OnConnectedAsync(ConnectionContext connection) => ServeAsync(connection);

    private async Task ServeAsync(ConnectionContext connection)
    {
        SessionOpened opened;
        try
        {
            opened = await _core.Sessions.Ask<SessionOpened>(
                new OpenSession(reason => connection.Abort(new ConnectionAbortedException(reason))), _options.RequestTimeout).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AskTimeoutException or InvalidOperationException)
        {
            _log.LogWarning("Refusing connection {Remote}: no session could be opened ({Error})", connection.RemoteEndPoint, e.Message);
            return;
        }
        var writer = new ResponseWriter(connection.Transport.Output);
        try
        {
            await ReadLoopAsync(connection, opened.Session, writer).ConfigureAwait(false);
        }
        catch (ConnectionResetException)
        {
            // The peer went away: a close like any other.
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or ConnectionAbortedException)
        {
            _log.LogDebug("Connection {Remote} ended: {Error}", connection.RemoteEndPoint, e.Message);
        }
        finally
        {
            opened.Session.Tell(ConnectionClosed.Instance);
            await writer.CompleteAsync().ConfigureAwait(false);
        }
    }

    private async Task ReadLoopAsync(ConnectionContext connection, IActorRef session, ResponseWriter writer)
    {
        var input = connection.Transport.Input;
        var idle = TimeSpan.FromSeconds(Math.Max(1, _options.ServerChannelMaxIdleTimeSeconds));
        using var idleTimer = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(idleTimer.Token, connection.ConnectionClosed);
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
                _log.LogInformation("Closing connection {Remote}: {Reason}", connection.RemoteEndPoint, reason);
                connection.Abort(new ConnectionAbortedException(reason));
                return;
            }
            catch (OperationCanceledException)
            {
                return;
            }
            var buffer = result.Buffer;
            bool keepOpen;
            int replies;
            await writer.EnterAsync().ConfigureAwait(false);
            try
            {
                (keepOpen, replies) = HandleFrames(connection, session, writer, ref buffer);
                if (replies > 0)
                {
                    await writer.FlushAsync().ConfigureAwait(false);
                }
            }
            finally
            {
                writer.Exit();
                input.AdvanceTo(buffer.Start, result.Buffer.End);
            }
            if (!keepOpen)
            {
                return;
            }
            partialSince = buffer.IsEmpty ? null : partialSince ?? _time.GetTimestamp();
            if (result.IsCompleted || result.IsCanceled)
            {
                return;
            }
        }
    }

    // Decodes every whole frame in the buffer (advancing it past them) and writes the answers that complete at once.
    // Returns false when the connection must close (framing or header error). The caller holds the writer.
    private (bool KeepOpen, int Replies) HandleFrames(
        ConnectionContext connection, IActorRef session, ResponseWriter writer, ref ReadOnlySequence<byte> buffer)
    {
        var replies = 0;
        try
        {
            while (FrameReader.TryReadFrame(ref buffer, _options.FrameLimit, out var frame))
            {
                var started = _time.GetTimestamp();
                // Protected route reads must be checked, so they skip the hot path.
                if (_gate is not { ChecksRouteReads: true } && _dispatcher.TryAnswerRoute(frame, writer.Output, out var wrote))
                {
                    _metrics.RecordRequest(RequestCode.GetRouteInfoByTopic, ResponseCode.Success, started, _time);
                    replies += wrote ? 1 : 0;
                    continue;
                }
                var request = RemotingCommandReader.Decode(frame);
                if (request.IsResponse)
                {
                    continue;
                }
                if (_gate is not null && _gate.TryRefuse(request, connection.RemoteEndPoint, out var refusal))
                {
                    _metrics.RecordRequest(request.Code, refusal.Code, started, _time);
                    if (!request.IsOneway)
                    {
                        writer.Write(new Reply(refusal, default));
                        replies++;
                    }
                    continue;
                }
                if (_options.MaxInFlightPerConnection > 0 && writer.InFlight >= _options.MaxInFlightPerConnection)
                {
                    _metrics.RecordRejection(request.Code, "connection_in_flight");
                    _metrics.RecordRequest(request.Code, ResponseCode.SystemBusy, started, _time);
                    if (!request.IsOneway)
                    {
                        writer.Write(new Reply(RemotingCommand.CreateResponse(request, ResponseCode.SystemBusy,
                            $"more than maxInFlightPerConnection ({_options.MaxInFlightPerConnection}) requests in flight on this connection"), default));
                        replies++;
                    }
                    continue;
                }
                _lifecycle.Enter();
                var answer = _dispatcher.HandleAsync(request, session);
                if (answer.IsCompletedSuccessfully)
                {
                    _lifecycle.Exit();
                    _metrics.RecordRequest(request.Code, answer.Result.Command.Code, started, _time);
                    if (!request.IsOneway)
                    {
                        writer.Write(answer.Result);
                        replies++;
                    }
                }
                else
                {
                    writer.BeginInFlight();
                    _ = AnswerLaterAsync(answer, request, writer, started);
                }
            }
            return (true, replies);
        }
        catch (ProtocolException e)
        {
            _log.LogWarning("Closing connection {Remote}: {Error}", connection.RemoteEndPoint, e.Message);
            connection.Abort(new ConnectionAbortedException(e.Message));
            return (false, replies);
        }
    }

    private async Task AnswerLaterAsync(ValueTask<Reply> answer, RemotingCommand request, ResponseWriter writer, long started)
    {
        try
        {
            Reply reply;
            try
            {
                reply = await answer.ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A bug, not the peer's fault (undecodable requests are answered by the dispatcher): still answer,
                // as Java answers SYSTEM_ERROR for whatever its processor throws, so the client does not wait for its timeout.
                _log.LogError(e, "Request {Code} (opaque {Opaque}) failed", request.Code, request.Opaque);
                reply = new Reply(RemotingCommand.CreateResponse(request, ResponseCode.SystemError, $"{e.GetType().Name}: {e.Message}"), default);
            }
            _metrics.RecordRequest(request.Code, reply.Command.Code, started, _time);
            if (!request.IsOneway)
            {
                await writer.EnterAsync().ConfigureAwait(false);
                try
                {
                    writer.Write(reply);
                    await writer.FlushAsync().ConfigureAwait(false);
                }
                finally
                {
                    writer.Exit();
                }
            }
        }
        catch (Exception e)
        {
            _log.LogError(e, "Request {Code} (opaque {Opaque}) failed", request.Code, request.Opaque);
        }
        finally
        {
            writer.EndInFlight();
            _lifecycle.Exit();
        }
    }

    /// <summary>
    /// The connection's output, shared by the read loop and late answers. A pipe writer is not thread-safe, so every
    /// write and flush happens between <see cref="EnterAsync"/> and <see cref="Exit"/>.
    /// </summary>
    private sealed class ResponseWriter(PipeWriter output)
    {
        /// <summary>The pipe itself, for writers that format straight into it (the caller holds the gate).</summary>
        public PipeWriter Output => output;

        private readonly SemaphoreSlim _gate = new(1, 1);
        private bool _completed;
        private int _inFlight;

        /// <summary>Requests of this connection waiting for an actor's answer.</summary>
        public int InFlight => Volatile.Read(ref _inFlight);

        public void BeginInFlight() => Interlocked.Increment(ref _inFlight);

        public void EndInFlight() => Interlocked.Decrement(ref _inFlight);

        public ValueTask EnterAsync() => _gate.Wait(0) ? ValueTask.CompletedTask : new ValueTask(_gate.WaitAsync());

        public void Exit() => _gate.Release();

        public void Write(in Reply reply)
        {
            if (!_completed)
            {
                RemotingCommandWriter.Write(reply.Command, reply.Body.Span, output);
            }
        }

        public async ValueTask FlushAsync()
        {
            if (!_completed)
            {
                await output.FlushAsync().ConfigureAwait(false);
            }
        }

        public async ValueTask CompleteAsync()
        {
            await EnterAsync().ConfigureAwait(false);
            try
            {
                _completed = true;
                await output.CompleteAsync().ConfigureAwait(false);
            }
            finally
            {
                Exit();
            }
        }
    }
}
