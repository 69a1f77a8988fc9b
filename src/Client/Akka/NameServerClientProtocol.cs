using Akka.Actor;
using NameServer.Actors.Contracts;

namespace NameServer.Actors.Client.Akka;

// The messages between an application's actors and NameServerClientActor, in this process only. Queries are the
// contract's own (GetRoute, GetClusterInfo, GetTopicList, GetKvConfig, GetKvList), sent to the client actor, which
// answers with the contract's reply or NameServerError, or Status.Failure(RemotingTimeoutException) when no
// NameServer answered.

/// <summary>A message between an application and <see cref="NameServerClientActor"/>; never sent over the network.</summary>
public interface INameServerClientMessage : INoSerializationVerificationNeeded;

/// <summary>
/// Subscribes <paramref name="Subscriber"/> to the routes of some topics (null: every topic). It is told a
/// <see cref="TopicRouteChanged"/> for each route already known (for named topics, also a null route when the topic
/// has none), then one per change, whichever NameServer the client is using; and <see cref="NameServerConnected"/> /
/// <see cref="NameServerLost"/> as the client switches NameServers. Subscribing again adds topics. The subscriber is
/// watched: when it stops, its subscription ends. Answer (to the sender): <see cref="TopicRoutesSubscribed"/>.
/// </summary>
/// <param name="Topics">The topics; null for every topic.</param>
/// <param name="Subscriber">The actor told the changes.</param>
public sealed record SubscribeTopicRoutes(IReadOnlyList<string>? Topics, IActorRef Subscriber) : INameServerClientMessage;

/// <summary>Answer to <see cref="SubscribeTopicRoutes"/>.</summary>
/// <param name="Topics">The topics subscribed by that request; null for every topic.</param>
public sealed record TopicRoutesSubscribed(IReadOnlyList<string>? Topics) : INameServerClientMessage;

/// <summary>
/// Removes some named topics from <paramref name="Subscriber"/>'s subscription, or ends it (null). Answer (to the
/// sender): <see cref="TopicRoutesUnsubscribed"/>.
/// </summary>
/// <param name="Topics">The topics to drop; null ends the subscription.</param>
/// <param name="Subscriber">The subscribed actor.</param>
public sealed record UnsubscribeTopicRoutes(IReadOnlyList<string>? Topics, IActorRef Subscriber) : INameServerClientMessage;

/// <summary>Answer to <see cref="UnsubscribeTopicRoutes"/>.</summary>
public sealed record TopicRoutesUnsubscribed : INameServerClientMessage;

/// <summary>
/// Told to subscribers: a subscribed topic's route as the client's cache now holds it. Told once per actual change
/// (a NameServer repeating a route, or a new NameServer after fail-over publishing the same one, tells nothing).
/// </summary>
/// <param name="Topic">The topic.</param>
/// <param name="Route">The new route; null when the topic has no route (any more).</param>
public sealed record TopicRouteChanged(string Topic, TopicRoute? Route) : INameServerClientMessage;

/// <summary>Told to subscribers when the client starts using a NameServer (at first, and after each fail-over).</summary>
/// <param name="Gateway">The gateway's actor path.</param>
public sealed record NameServerConnected(string Gateway) : INameServerClientMessage;

/// <summary>
/// Told to subscribers when the client stops using a NameServer (stopped, association lost, request timed out, bad
/// answer) and fails over to the next one. The routes already told stay valid until changes say otherwise.
/// </summary>
/// <param name="Gateway">The gateway's actor path.</param>
/// <param name="Reason">Why, for people.</param>
public sealed record NameServerLost(string Gateway, string Reason) : INameServerClientMessage;
