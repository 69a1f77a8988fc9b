namespace NameServer.Actors.Routing.State;

/// <summary>
/// Behaviour switches of <see cref="RouteTableState"/> (the route-related <c>NamesrvConfig</c> keys).
/// <c>orderMessageEnable</c> is not here: the order configuration lives in the KV store, so callers pass it to
/// <see cref="RouteTableState.GetRoute"/>.
/// </summary>
/// <param name="SupportActingMaster">Rewrite the smallest slave of a master-less acting-master group as id 0 in routes (<c>docs/BEHAVIOUR.md</c>, "Route assembly").</param>
/// <param name="DeleteTopicWithBrokerRegistration">A master registration removes this broker's topics it no longer reports (<c>docs/BEHAVIOUR.md</c>, "Registration", step 6).</param>
/// <param name="NotifyMinBrokerIdChanged">Produce <c>NOTIFY_MIN_BROKER_ID_CHANGE</c> notifications (<c>docs/BEHAVIOUR.md</c>, "Minimum broker id notifications").</param>
/// <param name="DefaultHeartbeatTimeoutMillis">Timeout of brokers that send no <c>heartbeatTimeoutMillis</c> (Java: 120 s).</param>
public sealed record RouteTableOptions(
    bool SupportActingMaster = false,
    bool DeleteTopicWithBrokerRegistration = false,
    bool NotifyMinBrokerIdChanged = false,
    long DefaultHeartbeatTimeoutMillis = RouteTableState.DefaultHeartbeatTimeoutMillis)
{
    public static readonly RouteTableOptions Default = new();
}
