using System.Collections.Frozen;
using System.Runtime.Serialization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Akka.Actor;
using Akka.Serialization;

namespace NameServer.Actors.Contracts.Serialization;

/// <summary>
/// Akka serializer of the contract's messages: System.Text.Json (<see cref="ContractJsonContext"/>) under short,
/// versioned manifests from one explicit table (<see cref="Manifests"/>). A manifest is looked up, never resolved as a
/// .NET type name, so a peer can only ever make this serializer build one of the contract's own records.
/// </summary>
/// <remarks>
/// An unknown manifest or an undecodable payload throws <see cref="SerializationException"/>; Akka.Remote then logs
/// the message as dropped and keeps the association, so a later message from the same peer is still delivered.
/// </remarks>
public sealed class NameServerContractSerializer : SerializerWithStringManifest
{
    /// <summary>
    /// The serializer's identifier in every actor system that uses the contract. Fixed here rather than in
    /// configuration, so that a system registering the serializer by code (Akka.Hosting) gets the same one.
    /// </summary>
    public const int SerializerId = 9876;

    private static readonly (string Manifest, JsonTypeInfo Info)[] Table =
    [
        ("v1.get-route", ContractJsonContext.Default.GetRoute),
        ("v1.route", ContractJsonContext.Default.RouteReply),
        ("v1.get-cluster-info", ContractJsonContext.Default.GetClusterInfo),
        ("v1.cluster-info", ContractJsonContext.Default.ClusterInfoReply),
        ("v1.get-topic-list", ContractJsonContext.Default.GetTopicList),
        ("v1.topic-list", ContractJsonContext.Default.TopicListReply),
        ("v1.get-kv", ContractJsonContext.Default.GetKvConfig),
        ("v1.kv", ContractJsonContext.Default.KvConfigReply),
        ("v1.get-kv-list", ContractJsonContext.Default.GetKvList),
        ("v1.kv-list", ContractJsonContext.Default.KvListReply),
        ("v1.subscribe-routes", ContractJsonContext.Default.SubscribeRoutes),
        ("v1.routes-subscribed", ContractJsonContext.Default.RoutesSubscribed),
        ("v1.route-changed", ContractJsonContext.Default.RouteChanged),
        ("v1.unsubscribe-routes", ContractJsonContext.Default.UnsubscribeRoutes),
        ("v1.routes-unsubscribed", ContractJsonContext.Default.RoutesUnsubscribed),
        ("v1.register-broker", ContractJsonContext.Default.RegisterBroker),
        ("v1.broker-registered", ContractJsonContext.Default.BrokerRegistered),
        ("v1.broker-heartbeat", ContractJsonContext.Default.BrokerHeartbeat),
        ("v1.unregister-broker", ContractJsonContext.Default.UnregisterBroker),
        ("v1.broker-unregistered", ContractJsonContext.Default.BrokerUnregistered),
        ("v1.broker-expired", ContractJsonContext.Default.BrokerExpired),
        ("v1.put-kv", ContractJsonContext.Default.PutKvConfig),
        ("v1.delete-kv", ContractJsonContext.Default.DeleteKvConfig),
        ("v1.update-namesrv-config", ContractJsonContext.Default.UpdateNamesrvConfig),
        ("v1.wipe-write-perm", ContractJsonContext.Default.WipeWritePerm),
        ("v1.add-write-perm", ContractJsonContext.Default.AddWritePerm),
        ("v1.admin-done", ContractJsonContext.Default.AdminDone),
        ("v1.write-perm-changed", ContractJsonContext.Default.WritePermChanged),
        ("v1.error", ContractJsonContext.Default.NameServerError),
    ];

    private static readonly FrozenDictionary<string, JsonTypeInfo> InfoByManifest =
        Table.ToFrozenDictionary(e => e.Manifest, e => e.Info, StringComparer.Ordinal);

    private static readonly FrozenDictionary<Type, (string Manifest, JsonTypeInfo Info)> ByType =
        Table.ToFrozenDictionary(e => e.Info.Type, e => e);

    /// <summary>Akka creates it from <see cref="NameServerContracts.Config"/> (<c>akka.actor.serializers</c>).</summary>
    /// <param name="system">The actor system it serializes for.</param>
    public NameServerContractSerializer(ExtendedActorSystem system)
        : base(system)
    {
    }

    /// <summary>Every manifest and the message type it stands for: the wire names of the contract.</summary>
    public static IReadOnlyDictionary<string, Type> Manifests { get; } =
        Table.ToFrozenDictionary(e => e.Manifest, e => e.Info.Type, StringComparer.Ordinal);

    /// <inheritdoc/>
    public override int Identifier => SerializerId;

    /// <inheritdoc/>
    /// <exception cref="SerializationException"><paramref name="o"/> is not a message of the contract.</exception>
    public override string Manifest(object o) => Entry(o).Manifest;

    /// <inheritdoc/>
    /// <exception cref="SerializationException"><paramref name="obj"/> is not a message of the contract.</exception>
    public override byte[] ToBinary(object obj) => JsonSerializer.SerializeToUtf8Bytes(obj, Entry(obj).Info);

    /// <inheritdoc/>
    /// <exception cref="SerializationException">
    /// <paramref name="manifest"/> is not one of <see cref="Manifests"/>, or <paramref name="bytes"/> is not a valid
    /// payload for it (not JSON, a required field missing or null, a value of the wrong kind).
    /// </exception>
    public override object FromBinary(byte[] bytes, string manifest)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (manifest is null || !InfoByManifest.TryGetValue(manifest, out var info))
        {
            throw new SerializationException(
                $"Unknown NameServer contract manifest '{manifest}' (this side speaks contract version {NameServerContracts.Version}); the message is dropped.");
        }
        object? message;
        try
        {
            message = JsonSerializer.Deserialize(bytes, info);
        }
        catch (JsonException e)
        {
            throw new SerializationException(
                $"Undecodable NameServer contract payload for manifest '{manifest}' ({bytes.Length} bytes): {e.Message}", e);
        }
        return message ?? throw new SerializationException($"NameServer contract payload for manifest '{manifest}' is null.");
    }

    private static (string Manifest, JsonTypeInfo Info) Entry(object o)
    {
        ArgumentNullException.ThrowIfNull(o);
        return ByType.TryGetValue(o.GetType(), out var entry)
            ? entry
            : throw new SerializationException($"{o.GetType()} is not a message of the NameServer contract.");
    }
}
