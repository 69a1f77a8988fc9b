using NameServer.Actors.Protocol;

namespace NameServer.Actors.Server;

/// <summary>The overload classes requests are sorted into, each with its own bounded capacity.</summary>
public enum OverloadClass
{
    RouteRead,
    BrokerControl,
    AdminRead,
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

    public static OverloadClass Classify(int code) => code switch
    {
        RequestCode.GetRouteInfoByTopic or RequestCode.GetBrokerClusterInfo => OverloadClass.RouteRead,
        RequestCode.RegisterBroker or RequestCode.UnregisterBroker or RequestCode.QueryDataVersion or RequestCode.BrokerHeartbeat
            or RequestCode.GetBrokerMemberGroup or RequestCode.RegisterTopicInNamesrv => OverloadClass.BrokerControl,
        RequestCode.PutKvConfig or RequestCode.DeleteKvConfig or RequestCode.WipeWritePermOfBroker or RequestCode.AddWritePermOfBroker
            or RequestCode.DeleteTopicInNamesrv or RequestCode.UpdateNamesrvConfig => OverloadClass.AdminWrite,
        _ => OverloadClass.AdminRead,
    };

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
