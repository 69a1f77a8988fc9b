namespace NameServer.Actors.Contracts;

/// <summary>
/// Registers (or re-registers, every 30 s as RocketMQ brokers do) a broker written on Akka (RocketMQ
/// <c>REGISTER_BROKER</c>, 103). The sender is the broker: the NameServer opens one session per broker actor and
/// watches it, so when that actor stops or its actor system is lost (stopped, association lost, quarantined) the
/// broker's routes are removed at once, as when a broker's TCP connection closes. Answer:
/// <see cref="BrokerRegistered"/>, or <see cref="NameServerError"/> when refused.
/// </summary>
/// <param name="Registration">The broker and its topics.</param>
public sealed record RegisterBroker(BrokerRegistration Registration) : INameServerRequest;

/// <summary>Answer to <see cref="RegisterBroker"/>.</summary>
/// <param name="MasterAddr">For a slave: its master's address, when the master is registered.</param>
/// <param name="HaServerAddr">For a slave: the master's HA address.</param>
/// <param name="OrderTopicConfig">The <c>ORDER_TOPIC_CONFIG</c> KV namespace, when <c>returnOrderTopicConfigToBroker</c> and it exists.</param>
public sealed record BrokerRegistered(string? MasterAddr, string? HaServerAddr, IReadOnlyDictionary<string, string>? OrderTopicConfig = null)
    : INameServerMessage;

/// <summary>Keeps a registered broker alive between registrations (RocketMQ 5.x <c>BROKER_HEARTBEAT</c>, 904). No answer.</summary>
/// <param name="ClusterName">The broker's cluster.</param>
/// <param name="BrokerAddr">The broker's address as registered.</param>
public sealed record BrokerHeartbeat(string ClusterName, string BrokerAddr) : INameServerRequest;

/// <summary>
/// Unregisters a broker (RocketMQ <c>UNREGISTER_BROKER</c>, 104; an admin operation on TCP, so it is authorized like
/// one). Answer: <see cref="BrokerUnregistered"/>.
/// </summary>
/// <param name="ClusterName">The broker's cluster.</param>
/// <param name="BrokerAddr">The broker's address.</param>
/// <param name="BrokerName">The broker group.</param>
/// <param name="BrokerId">The broker's id in its group.</param>
public sealed record UnregisterBroker(string ClusterName, string BrokerAddr, string BrokerName, long BrokerId) : ISignedRequest
{
    /// <inheritdoc/>
    public string? AccessKey { get; init; }

    /// <inheritdoc/>
    public string? Signature { get; init; }
}

/// <summary>Answer to <see cref="UnregisterBroker"/>.</summary>
public sealed record BrokerUnregistered : INameServerMessage;

/// <summary>
/// Told to a registered broker actor when the NameServer expired it (no registration or heartbeat within its
/// heartbeat timeout): its routes are gone and its session closed; it must register again.
/// </summary>
/// <param name="Reason">Why, e.g. <c>broker 10.0.0.1:10911 expired</c>.</param>
public sealed record BrokerExpired(string Reason) : INameServerMessage;
