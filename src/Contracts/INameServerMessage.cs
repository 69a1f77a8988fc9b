namespace NameServer.Actors.Contracts;

/// <summary>
/// Every message of the NameServer's Akka contract, requests and answers alike. The interface is what
/// <c>serialization-bindings</c> binds to <see cref="Serialization.NameServerContractSerializer"/>
/// (<see cref="NameServerContracts.Config"/>), so every implementation crosses the network as JSON under a stable
/// manifest, never under a .NET type name.
/// </summary>
public interface INameServerMessage;

/// <summary>A message the NameServer's gateway acts on (<see cref="NameServerContracts.GatewayPath"/>).</summary>
public interface INameServerRequest : INameServerMessage;

/// <summary>
/// A request that changes the NameServer, and so passes the same authorization as the same operation over the
/// RocketMQ TCP protocol: with <c>nameserver.security.aclEnable</c> on, it needs a sender on
/// <c>security.adminAllowList</c> or an ACL 1.0 signature by a configured access key. The signature covers what the
/// same operation would be on TCP (its header fields, <c>AccessKey</c> and body); <c>docs/AKKA-REMOTE.md</c> says
/// how to compute it.
/// </summary>
public interface ISignedRequest : INameServerRequest
{
    /// <summary>The access key of <c>nameserver.security.credentials</c> that signed the request; null when unsigned.</summary>
    string? AccessKey { get; }

    /// <summary>Base64 HMAC-SHA1 over the equivalent TCP request under the access key's secret; null when unsigned.</summary>
    string? Signature { get; }
}
