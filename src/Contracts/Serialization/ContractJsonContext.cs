using System.Text.Json.Serialization;

namespace NameServer.Actors.Contracts.Serialization;

/// <summary>
/// The JSON form of every contract message, generated at build time: no reflection at run time, and nothing in a
/// payload can name a type (no <c>$type</c>, no polymorphism); the manifest alone decides what is read.
/// </summary>
/// <remarks>
/// Property names are camelCase and part of the wire contract: renaming a C# member renames its JSON field. Required
/// constructor parameters must be present and non-nullable ones must not be null, so a payload missing a topic is
/// refused rather than read as null; unknown fields are skipped, so a newer peer's additions do not break an older
/// one.
/// </remarks>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(GetRoute))]
[JsonSerializable(typeof(RouteReply))]
[JsonSerializable(typeof(GetClusterInfo))]
[JsonSerializable(typeof(ClusterInfoReply))]
[JsonSerializable(typeof(GetTopicList))]
[JsonSerializable(typeof(TopicListReply))]
[JsonSerializable(typeof(GetKvConfig))]
[JsonSerializable(typeof(KvConfigReply))]
[JsonSerializable(typeof(GetKvList))]
[JsonSerializable(typeof(KvListReply))]
[JsonSerializable(typeof(SubscribeRoutes))]
[JsonSerializable(typeof(RoutesSubscribed))]
[JsonSerializable(typeof(RouteChanged))]
[JsonSerializable(typeof(UnsubscribeRoutes))]
[JsonSerializable(typeof(RoutesUnsubscribed))]
[JsonSerializable(typeof(RegisterBroker))]
[JsonSerializable(typeof(BrokerRegistered))]
[JsonSerializable(typeof(BrokerHeartbeat))]
[JsonSerializable(typeof(UnregisterBroker))]
[JsonSerializable(typeof(BrokerUnregistered))]
[JsonSerializable(typeof(BrokerExpired))]
[JsonSerializable(typeof(PutKvConfig))]
[JsonSerializable(typeof(DeleteKvConfig))]
[JsonSerializable(typeof(UpdateNamesrvConfig))]
[JsonSerializable(typeof(WipeWritePerm))]
[JsonSerializable(typeof(AddWritePerm))]
[JsonSerializable(typeof(AdminDone))]
[JsonSerializable(typeof(WritePermChanged))]
[JsonSerializable(typeof(NameServerError))]
internal sealed partial class ContractJsonContext : JsonSerializerContext;
