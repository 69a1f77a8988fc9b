using NameServer.Actors.Protocol.Model;

namespace NameServer.Actors.Routing.State;

/// <summary>
/// A decoded <c>REGISTER_BROKER</c> request. <see cref="EnableActingMaster"/> null means the broker is an old (4.x)
/// broker; <see cref="HeartbeatTimeoutMillis"/> null means the default 120 s; a null
/// <see cref="TopicConfigWrapper"/> means the request had no body. <see cref="BrokerVersion"/> is the request's
/// remoting version, kept for diagnostics. <see cref="Fingerprint"/>, when the connection computed one, is the
/// request's <c>RegisterBrokerRequestHeader.Fingerprint</c>: a later registration with the same one may be answered
/// as unchanged without being decoded (<see cref="RouteTableState.RefreshUnchanged"/>).
/// </summary>
public sealed record RegisterBrokerCommand(
    string ClusterName,
    string BrokerAddr,
    string BrokerName,
    long BrokerId,
    string? HaServerAddr,
    TopicConfigSerializeWrapper? TopicConfigWrapper,
    IReadOnlyList<string>? FilterServerList,
    long ConnectionEpoch,
    string? ZoneName = null,
    long? HeartbeatTimeoutMillis = null,
    bool? EnableActingMaster = null,
    int? BrokerVersion = null,
    UInt128? Fingerprint = null)
{
    /// <summary>Old (4.x) brokers never send <c>enableActingMaster</c>; 5.x brokers always do.</summary>
    public bool IsOldVersionBroker => EnableActingMaster is null;

    internal void Validate()
    {
        Require(ClusterName, nameof(ClusterName));
        Require(BrokerAddr, nameof(BrokerAddr));
        Require(BrokerName, nameof(BrokerName));
        if (HeartbeatTimeoutMillis is <= 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(HeartbeatTimeoutMillis), HeartbeatTimeoutMillis, "heartbeatTimeoutMillis must be positive when given.");
        }
    }

    internal static void Require(string? value, string name)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw new ArgumentException($"{name} is required.", name);
        }
    }
}

/// <summary>A decoded <c>UNREGISTER_BROKER</c> request.</summary>
public sealed record UnregisterBrokerCommand(string ClusterName, string BrokerAddr, string BrokerName, long BrokerId)
{
    internal void Validate()
    {
        RegisterBrokerCommand.Require(ClusterName, nameof(ClusterName));
        RegisterBrokerCommand.Require(BrokerAddr, nameof(BrokerAddr));
        RegisterBrokerCommand.Require(BrokerName, nameof(BrokerName));
    }
}
