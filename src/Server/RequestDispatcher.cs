using Akka.Actor;
using Microsoft.Extensions.Logging;
using NameServer.Actors.Protocol;
using NameServer.Actors.Protocol.Headers;
using NameServer.Actors.Routing;
using NameServer.Actors.Server.Observability;

namespace NameServer.Actors.Server;

/// <summary>An answer: the response header plus its body (often pre-encoded bytes shared with other answers).</summary>
public readonly record struct Reply(RemotingCommand Command, ReadOnlyMemory<byte> Body);

/// <summary>
/// Turns one decoded request into its answer: the handler of the code's row in <see cref="RequestTable"/>.
/// Route and cluster-info lookups complete synchronously from the published snapshots (no actor hop); everything
/// else decodes its body here, on the connection's side, and asks the owning actor.
/// </summary>
/// <remarks>
/// One partial file per request family, each holding its handlers and whatever state only they use:
/// <c>RequestDispatcher.Routes.cs</c> (route and cluster reads, the allocation-free route path),
/// <c>.Brokers.cs</c> (a broker's own traffic), <c>.Topics.cs</c> (operators' topic and permission requests),
/// <c>.Kv.cs</c> (the KV store) and <c>.Config.cs</c> (the NameServer's configuration). This file holds what every
/// family shares: admission, the overload classes, and the ask-and-answer helpers.
/// </remarks>
public sealed partial class RequestDispatcher
{
    private readonly RoutingCore _core;
    private readonly ServerSettings _options;
    private readonly ServerLifecycle _lifecycle;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly long _startedAt;
    private readonly RequestClassLimiter _limiter;

    /// <param name="metrics">The instruments of this NameServer (the connection handler counts its answers on them); a private meter by default.</param>
    public RequestDispatcher(RoutingCore core, ServerSettings options, ServerLifecycle lifecycle, TimeProvider time, ILogger log, NameServerMetrics? metrics = null)
    {
        Metrics = metrics ?? new NameServerMetrics();
        _core = core;
        _options = options;
        _lifecycle = lifecycle;
        _time = time;
        _log = log;
        _startedAt = time.GetTimestamp();
        _limiter = new RequestClassLimiter(options);
    }

    public NameServerMetrics Metrics { get; }

    /// <summary>Requests waiting per class (metrics, tests).</summary>
    public RequestClassLimiter Limiter => _limiter;

    /// <summary>
    /// Answers <paramref name="request"/>; <paramref name="session"/> is the connection's BrokerSession. A request
    /// whose class is at capacity is answered <c>SYSTEM_BUSY</c> at once.
    /// </summary>
    /// <remarks>
    /// The request's body is read before this returns, and no answer refers to it: it may be a slice of the
    /// connection's receive buffer, released as soon as this returns (<c>RemotingFrames.HandleDeferredAsync</c>).
    /// Every handler therefore decodes its body before its first <c>await</c>.
    /// </remarks>
    public ValueTask<Reply> HandleAsync(RemotingCommand request, IActorRef session)
    {
        if (!_lifecycle.IsReady)
        {
            return Done(Error(request, ResponseCode.SystemError, "not ready"));
        }
        var kind = RequestTable.Of(request.Code);
        var overloadClass = kind.Overload;
        if (!_limiter.TryEnter(overloadClass))
        {
            Metrics.RecordRejection(request.Code, "queue_full");
            return Done(Error(request, ResponseCode.SystemBusy, RequestClassLimiter.OverloadRemark));
        }
        var answer = Dispatch(kind, request, session);
        if (answer.IsCompletedSuccessfully)
        {
            _limiter.Exit(overloadClass);
            return answer;
        }
        // Still running, or already faulted: a handler that is an async method reports a ProtocolException through
        // its task instead of throwing it, so the catch in Dispatch never sees it.
        return ExitWhenDone(answer, request, overloadClass);
    }

    private async ValueTask<Reply> ExitWhenDone(ValueTask<Reply> answer, RemotingCommand request, OverloadClass overloadClass)
    {
        try
        {
            return await answer.ConfigureAwait(false);
        }
        catch (ProtocolException e)
        {
            return Undecodable(request, e);
        }
        finally
        {
            _limiter.Exit(overloadClass);
        }
    }

    // A body (or anything else in a well-framed request) that cannot be decoded: SYSTEM_ERROR with the reason, as
    // Java answers an exception thrown by its processor; the connection stays open.
    private Reply Undecodable(RemotingCommand request, ProtocolException e)
    {
        _log.LogDebug("Request {Code} (opaque {Opaque}) cannot be decoded: {Error}", request.Code, request.Opaque, e.Message);
        return Error(request, ResponseCode.SystemError, e.Message);
    }

    private ValueTask<Reply> Dispatch(RequestKind kind, RemotingCommand request, IActorRef session)
    {
        try
        {
            return kind.Handler(this, request, session);
        }
        catch (ProtocolException e)
        {
            return Done(Undecodable(request, e));
        }
    }

    // The handlers, one per request code, are the rows' (RequestTable), in the family files.

    internal static Reply NotSupported(RemotingCommand request) =>
        Error(request, ResponseCode.RequestCodeNotSupported, $" request type {request.Code} not supported");

    // Asks the actor that owns the answer; a failure (timeout, refusal) is SYSTEM_ERROR with its reason, anything
    // else is what answer makes of the actor's reply.
    private async ValueTask<Reply> AskAsync<TAnswer>(
        RemotingCommand request, IActorRef target, object message, Func<RemotingCommand, TAnswer, Reply> answer)
    {
        var result = await AskAsync<TAnswer>(target, message).ConfigureAwait(false);
        return result.Failure is { } failure ? Error(request, ResponseCode.SystemError, failure) : answer(request, result.Value!);
    }

    private readonly record struct AskResult<T>(T? Value, string? Failure);

    private async Task<AskResult<T>> AskAsync<T>(IActorRef target, object message)
    {
        try
        {
            return new AskResult<T>(await target.Ask<T>(message, _options.RequestTimeout).ConfigureAwait(false), null);
        }
        catch (AskTimeoutException)
        {
            _log.LogWarning("{Message} to {Target} timed out after {Timeout}", message.GetType().Name, target.Path, _options.RequestTimeout);
            return new AskResult<T>(default, "request timed out inside the name server");
        }
        catch (Exception e) when (e is ArgumentException or IOException or InvalidOperationException)
        {
            return new AskResult<T>(default, e.Message);
        }
    }

    private static ValueTask<Reply> Done(Reply reply) => new(reply);

    private static Reply Ok(RemotingCommand request, ReadOnlyMemory<byte> body = default, ExtFields? extFields = null)
    {
        var response = RemotingCommand.CreateResponse(request, ResponseCode.Success);
        response.ExtFields = extFields;
        return new Reply(response, body);
    }

    private static Reply Error(RemotingCommand request, int code, string remark, ExtFields? extFields = null)
    {
        var response = RemotingCommand.CreateResponse(request, code, remark);
        response.ExtFields = extFields;
        return new Reply(response, default);
    }
}
