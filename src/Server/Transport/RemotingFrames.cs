using System.Buffers;
using System.Net;
using Akka.Actor;
using Microsoft.Extensions.Logging;
using NameServer.Actors.Protocol;
using NameServer.Actors.Protocol.Frames;
using NameServer.Actors.Protocol.Headers;
using NameServer.Actors.Routing;
using NameServer.Actors.Server.Observability;
using NameServer.Actors.Server.Security;

namespace NameServer.Actors.Server.Transport;

/// <summary>One open remoting connection, as the frame handling sees it, whatever transport carries it.</summary>
internal sealed class RemotingConnection(IActorRef session, ResponseWriter writer, EndPoint? remoteEndPoint, Action<string> abort)
{
    /// <summary>The connection's BrokerSession.</summary>
    public IActorRef Session => session;

    public ResponseWriter Writer => writer;

    public EndPoint? RemoteEndPoint => remoteEndPoint;

    /// <summary>Closes the connection (framing error, idle, shutdown); its read loop then ends.</summary>
    public void Abort(string reason) => abort(reason);
}

/// <summary>
/// A request the read loop leaves to the thread pool (<see cref="RemotingFrames.TakesOffThread"/>): its header is
/// decoded, its body still a slice of the connection's receive buffer, which stays unreleased until it is answered.
/// </summary>
internal readonly record struct DeferredFrame(RemotingCommand Request, ReadOnlySequence<byte> Body, long Started);

/// <summary>What one pass over received bytes did.</summary>
/// <param name="KeepOpen">False when the connection must close (framing or header error; it was aborted).</param>
/// <param name="Replies">Answers written, to be flushed once for the whole batch.</param>
/// <param name="Deferred">The frame the pass stopped at, to be handled off the reading thread before the next ones.</param>
internal readonly record struct FrameBatch(bool KeepOpen, int Replies, DeferredFrame? Deferred);

/// <summary>
/// The per-frame handling of the remoting port, shared by both transports (Kestrel's,
/// <see cref="NameServerConnectionHandler"/>, and our own, <c>SocketTransport</c>): each session opened, each
/// frame cut out of the received bytes, the route hot path answered in place, the admin gate, the in-flight limit,
/// dispatching, metrics, and late answers written when they complete. Oneway requests are never answered; answers
/// that are ready together are flushed once.
/// </summary>
internal sealed class RemotingFrames
{
    /// <summary>
    /// Bodies from this size on are decoded off the reading thread. Copying and decoding 64 KiB costs tens of
    /// microseconds, a dozen route answers' worth, which a reading thread serving other connections should not spend;
    /// below it the hand-off (two thread switches and the connection pausing) costs about as much as the work.
    /// </summary>
    public const int OffThreadBodyBytes = 64 * 1024;

    /// <summary>
    /// Deferred requests decoded at once: one core fewer than the machine has (at least one), so a registration storm's
    /// decoding never takes the core that answers routes.
    /// </summary>
    public static readonly int DecodeConcurrency = Math.Max(1, Environment.ProcessorCount - 1);

    /// <summary>
    /// A deferred request with a body this large keeps its decode slot until it is answered: a registration's decoded
    /// table then waits for RouteTable, which applies registrations one at a time anyway, inside the slot, so a storm
    /// keeps at most <see cref="DecodeConcurrency"/> decoded tables alive instead of all of them (its peak memory).
    /// </summary>
    public const int HoldSlotFromBodyBytes = 16 * 1024;

    private readonly RoutingCore _core;
    private readonly RequestDispatcher _dispatcher;
    private readonly ServerSettings _options;
    private readonly ServerLifecycle _lifecycle;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly AdminGate? _gate;
    private readonly NameServerMetrics _metrics;
    private readonly SemaphoreSlim _decodeSlots = new(DecodeConcurrency, DecodeConcurrency);

    // Contiguous copies of deferred bodies that arrived in pieces (a pipe's segments). A fresh array each time was a
    // large-object allocation per registration (about 1 MB for 10,000 topics), and 32 brokers re-registering every
    // 5 s forced a blocking full collection every second or so. At most one per decode slot is in use.
    private static readonly ArrayPool<byte> DeferredBodies =
        ArrayPool<byte>.Create(maxArrayLength: 16 * 1024 * 1024, maxArraysPerBucket: DecodeConcurrency + 1);

    /// <param name="gate">Refuses protected requests that are neither signed nor from an allowed address (null: no checks).</param>
    public RemotingFrames(
        RoutingCore core, RequestDispatcher dispatcher, ServerSettings options, ServerLifecycle lifecycle, TimeProvider time, ILogger log,
        AdminGate? gate)
    {
        _core = core;
        _dispatcher = dispatcher;
        _options = options;
        _lifecycle = lifecycle;
        _time = time;
        _log = log;
        _gate = gate;
        // Answers are counted where they are written, on the dispatcher's instruments.
        _metrics = dispatcher.Metrics;
    }

    public ServerSettings Options => _options;

    public TimeProvider Time => _time;

    /// <summary>Tests only: runs on the thread pool before a deferred request's body is decoded (it may block).</summary>
    internal Action<RemotingCommand>? BeforeDeferredDecode { get; set; }

    /// <summary>
    /// Registrations (their bodies carry a broker's whole topic table) and any large body: decoded and dispatched off
    /// the thread that read them, which goes on serving its other connections meanwhile.
    /// </summary>
    public static bool TakesOffThread(int code, long bodyLength) =>
        code == RequestCode.RegisterBroker || bodyLength >= OffThreadBodyBytes;

    /// <summary>The connection's BrokerSession; null (logged) when none could be opened and the connection must close.</summary>
    public async Task<IActorRef?> OpenSessionAsync(Action<string> abort, EndPoint? remote)
    {
        try
        {
            var opened = await _core.Sessions.Ask<SessionOpened>(new OpenSession(abort), _options.RequestTimeout).ConfigureAwait(false);
            return opened.Session;
        }
        catch (Exception e) when (e is AskTimeoutException or InvalidOperationException)
        {
            _log.LogWarning("Refusing connection {Remote}: no session could be opened ({Error})", remote, e.Message);
            return null;
        }
    }

    /// <summary>
    /// Handles every whole frame at the start of <paramref name="buffer"/>, advancing it past them, and writes the
    /// answers that complete at once; stops after a frame that <see cref="TakesOffThread"/> (returned as deferred, its
    /// body still in the buffer). The caller holds the writer's gate.
    /// </summary>
    public FrameBatch HandleFrames(RemotingConnection connection, ref ReadOnlySequence<byte> buffer)
    {
        var replies = 0;
        var writer = connection.Writer;
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
                // The header first: the body is copied only once it is known where it will be decoded.
                var request = RemotingCommandReader.Decode(new Frame(frame.SerializeType, frame.Header, default));
                if (request.IsResponse)
                {
                    continue;
                }
                if (TakesOffThread(request.Code, frame.Body.Length))
                {
                    return new FrameBatch(true, replies, new DeferredFrame(request, frame.Body, started));
                }
                if (!frame.Body.IsEmpty)
                {
                    request.Body = frame.Body.ToArray();
                }
                if (TryRefuse(connection, request, started, out var refusal))
                {
                    if (!request.IsOneway)
                    {
                        writer.Write(refusal);
                        replies++;
                    }
                    continue;
                }
                _lifecycle.Enter();
                var answer = _dispatcher.HandleAsync(request, connection.Session);
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
            return new FrameBatch(true, replies, null);
        }
        catch (ProtocolException e)
        {
            _log.LogWarning("Closing connection {Remote}: {Error}", connection.RemoteEndPoint, e.Message);
            connection.Abort(e.Message);
            return new FrameBatch(false, replies, null);
        }
    }

    /// <summary>
    /// Decodes and dispatches a deferred request on the thread pool; completes once its body has been read, so the
    /// caller may then release the buffer it was borrowed from and read on, while the answer is written when it is
    /// ready. The body is copied only when the buffer holds it in pieces (a pipe's segments); in one piece (our own
    /// transport's receive buffer) it is decoded in place.
    /// </summary>
    public Task HandleDeferredAsync(RemotingConnection connection, DeferredFrame deferred) =>
        Task.Run(() => DecodeDeferredAsync(connection, deferred));

    private async Task DecodeDeferredAsync(RemotingConnection connection, DeferredFrame deferred)
    {
        var (request, body, started) = deferred;
        var writer = connection.Writer;
        await _decodeSlots.WaitAsync().ConfigureAwait(false);
        var holding = true;
        byte[]? copy = null;
        try
        {
            BeforeDeferredDecode?.Invoke(request);
            if (body.IsSingleSegment)
            {
                request.Body = body.First;
            }
            else
            {
                var length = checked((int)body.Length);
                copy = DeferredBodies.Rent(length);
                body.CopyTo(copy);
                request.Body = copy.AsMemory(0, length);
            }
            if (TryRefuse(connection, request, started, out var refusal))
            {
                if (!request.IsOneway)
                {
                    await writer.SendAsync(refusal).ConfigureAwait(false);
                }
                return;
            }
            _lifecycle.Enter();
            writer.BeginInFlight();
            // Reads the body before it returns (RequestDispatcher.HandleAsync), so the caller may release it after.
            var answer = _dispatcher.HandleAsync(request, connection.Session);
            var holdSlot = body.Length >= HoldSlotFromBodyBytes && !answer.IsCompleted;
            request.Body = default;
            holding = false;
            _ = AnswerLaterAsync(answer, request, writer, started, holdSlot ? _decodeSlots : null);
            if (!holdSlot)
            {
                _decodeSlots.Release();
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            _log.LogDebug("Connection {Remote} ended while answering {Code}: {Error}", connection.RemoteEndPoint, request.Code, e.Message);
        }
        finally
        {
            // The dispatcher has read the body by now (or the request was refused): the copy goes back.
            request.Body = default;
            if (copy is not null)
            {
                DeferredBodies.Return(copy);
            }
            if (holding)
            {
                _decodeSlots.Release();
            }
        }
    }

    // The admin gate and the connection's in-flight limit, checked before a request is dispatched.
    private bool TryRefuse(RemotingConnection connection, RemotingCommand request, long started, out Reply refusal)
    {
        if (_gate is not null && _gate.TryRefuse(request, connection.RemoteEndPoint, out var refused))
        {
            _metrics.RecordRequest(request.Code, refused.Code, started, _time);
            refusal = new Reply(refused, default);
            return true;
        }
        if (_options.MaxInFlightPerConnection > 0 && connection.Writer.InFlight >= _options.MaxInFlightPerConnection)
        {
            _metrics.RecordRejection(request.Code, "connection_in_flight");
            _metrics.RecordRequest(request.Code, ResponseCode.SystemBusy, started, _time);
            refusal = new Reply(RemotingCommand.CreateResponse(request, ResponseCode.SystemBusy,
                $"more than maxInFlightPerConnection ({_options.MaxInFlightPerConnection}) requests in flight on this connection"), default);
            return true;
        }
        refusal = default;
        return false;
    }

    // slot: a decode slot this request keeps until it is answered (HoldSlotFromBodyBytes), released here.
    private async Task AnswerLaterAsync(
        ValueTask<Reply> answer, RemotingCommand request, ResponseWriter writer, long started, SemaphoreSlim? slot = null)
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
            finally
            {
                slot?.Release();
            }
            _metrics.RecordRequest(request.Code, reply.Command.Code, started, _time);
            if (!request.IsOneway)
            {
                await writer.SendAsync(reply).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            _log.LogDebug("Connection ended before request {Code} (opaque {Opaque}) was answered: {Error}", request.Code, request.Opaque, e.Message);
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
}
