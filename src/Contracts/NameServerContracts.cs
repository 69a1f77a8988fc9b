using Akka.Configuration;
using NameServer.Actors.Contracts.Serialization;

namespace NameServer.Actors.Contracts;

/// <summary>
/// What a NameServer and its Akka clients agree on: the contract's version, where the gateway lives and the Akka
/// configuration that makes the contract's messages cross the network through
/// <see cref="NameServerContractSerializer"/>. Both sides add <see cref="Config"/> to their actor system's
/// configuration.
/// </summary>
public static class NameServerContracts
{
    /// <summary>
    /// The contract version, carried in every manifest (<c>v1.get-route</c>). Additions that old peers can ignore
    /// (a new optional field with a default, a new message) keep it; anything else gets new manifests under the next
    /// version, served beside the old ones.
    /// </summary>
    public const int Version = 1;

    /// <summary>The actor system name of <c>namesrv</c>, the first part of its actors' addresses.</summary>
    public const string SystemName = "namesrv";

    /// <summary>
    /// The gateway's path in a NameServer's actor system: a child of the NameServer's root actor (<c>nameserver</c>
    /// unless an embedding platform names it otherwise).
    /// </summary>
    public const string GatewayPath = "/user/nameserver/gateway";

    /// <summary>
    /// The configuration both sides add (<c>ConfigurationFactory.ParseString(...).WithFallback(NameServerContracts.Config)</c>,
    /// or Akka.Hosting's <c>AddHocon</c>): the serializer under the name <c>nameserver-contracts</c> and its binding to
    /// every <see cref="INameServerMessage"/>.
    /// </summary>
    public static Config Config { get; } = ConfigurationFactory.ParseString(ConfigText);

    /// <summary>The HOCON text of <see cref="Config"/>.</summary>
    public const string ConfigText = """
        akka.actor {
          serializers {
            nameserver-contracts = "NameServer.Actors.Contracts.Serialization.NameServerContractSerializer, NameServer.Actors.Contracts"
          }
          serialization-bindings {
            "NameServer.Actors.Contracts.INameServerMessage, NameServer.Actors.Contracts" = nameserver-contracts
          }
        }
        """;

    /// <summary>
    /// The gateway's address in a <c>namesrv</c> reached over Akka.Remote's TCP transport, for
    /// <c>ActorSelection</c>: <c>akka.tcp://namesrv@127.0.0.1:2552/user/nameserver/gateway</c>, with
    /// <c>akka.ssl.tcp</c> when the transport has TLS on (<c>enable-ssl</c>).
    /// </summary>
    /// <param name="host">The NameServer's Akka.Remote host name (its <c>akka.remote.dot-netty.tcp.hostname</c>).</param>
    /// <param name="port">Its Akka.Remote port (<c>akka.remote.dot-netty.tcp.port</c>).</param>
    /// <param name="tls">Whether its transport has TLS on.</param>
    public static string GatewayAddress(string host, int port, bool tls = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(port);
        var scheme = tls ? "akka.ssl.tcp" : "akka.tcp";
        // An IPv6 address is written in brackets, as in a URI.
        var hostPart = host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('[') ? "[" + host + "]" : host;
        return FormattableString.Invariant($"{scheme}://{SystemName}@{hostPart}:{port}{GatewayPath}");
    }
}
