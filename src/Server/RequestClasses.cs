namespace NameServer.Actors.Server;

/// <summary>
/// The overload classes requests are sorted into, each with its own bounded capacity; a code's class is its row's
/// <see cref="RequestKind.Overload"/> in <see cref="RequestTable"/>.
/// </summary>
public enum OverloadClass
{
    /// <summary>Route and cluster-info reads, answered from published snapshots.</summary>
    RouteRead,

    /// <summary>Everything a broker sends about itself: registration, keep-alives, unregistration, its member group.</summary>
    BrokerControl,

    /// <summary>Every other read: topic lists, KV and configuration reads, client config, unknown codes.</summary>
    AdminRead,

    /// <summary>Operators' writes: KV, write permissions, topic deletion, configuration updates.</summary>
    AdminWrite,
}

/// <summary>
/// Counts the requests of each class that are waiting for an actor's answer, server-wide, and refuses new ones of a
/// class that is full, so a storm of registrations or admin writes never takes capacity from route reads (which the
/// hot path answers without queueing at all).
/// </summary>
public sealed class RequestClassLimiter
{
    /// <summary>The Java NameServer's remark for a full executor queue.</summary>
    public const string OverloadRemark = "[OVERLOAD]system busy, start flow control for a while";

    private readonly int[] _capacity;
    private readonly int[] _inFlight = new int[4];

    public RequestClassLimiter(ServerSettings options)
    {
        _capacity = [options.RouteReadQueueCapacity, options.BrokerControlQueueCapacity, options.AdminReadQueueCapacity, options.AdminWriteQueueCapacity];
    }

    public int InFlight(OverloadClass overloadClass) => Volatile.Read(ref _inFlight[(int)overloadClass]);

    public bool TryEnter(OverloadClass overloadClass)
    {
        ref var count = ref _inFlight[(int)overloadClass];
        if (Interlocked.Increment(ref count) <= _capacity[(int)overloadClass])
        {
            return true;
        }
        Interlocked.Decrement(ref count);
        return false;
    }

    public void Exit(OverloadClass overloadClass) => Interlocked.Decrement(ref _inFlight[(int)overloadClass]);
}
