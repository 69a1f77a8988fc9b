namespace NameServer.Actors.Contracts;

/// <summary>
/// Subscribes the sender to route changes: some topics, or every topic when <see cref="Topics"/> is null. Answer:
/// <see cref="RoutesSubscribed"/>, then one <see cref="RouteChanged"/> per current route of the subscribed topics
/// (for named topics also those without a route, with a null route), then a <see cref="RouteChanged"/> whenever the
/// NameServer publishes a change of one of them. Subscribing again adds topics (null: every topic). The sender is
/// watched: a subscriber that stops, or whose system is lost, is dropped.
/// </summary>
/// <param name="Topics">The topics; null for every topic.</param>
/// <remarks>
/// Send it with the subscribing actor as the sender (<c>Tell(message, self)</c>): an <c>Ask</c> receives the first
/// answer only. The current routes come as separate messages rather than one large one, so that no answer outgrows
/// Akka.Remote's frame size (<c>maximum-frame-size</c>, 128 000 bytes by default) however many topics there are.
/// </remarks>
public sealed record SubscribeRoutes(IReadOnlyList<string>? Topics = null) : INameServerRequest;

/// <summary>Answer to <see cref="SubscribeRoutes"/>.</summary>
/// <param name="CurrentRoutes">How many <see cref="RouteChanged"/> messages with the current routes follow.</param>
public sealed record RoutesSubscribed(int CurrentRoutes) : INameServerMessage;

/// <summary>
/// A subscribed topic's route as the NameServer now publishes it: a new route, or null when the last broker serving
/// the topic went away (unregistered, expired, its connection closed, or its actor system lost). Changes of one topic
/// arrive in order; a route may repeat one already sent.
/// </summary>
/// <param name="Topic">The topic.</param>
/// <param name="Route">The new route; null when the topic has no route any more.</param>
public sealed record RouteChanged(string Topic, TopicRoute? Route) : INameServerMessage;

/// <summary>
/// Ends the sender's subscription (<see cref="Topics"/> null), or removes some named topics from it (which changes
/// nothing for a subscription to every topic). Answer: <see cref="RoutesUnsubscribed"/>.
/// </summary>
/// <param name="Topics">The topics to drop; null ends the subscription.</param>
public sealed record UnsubscribeRoutes(IReadOnlyList<string>? Topics = null) : INameServerRequest;

/// <summary>Answer to <see cref="UnsubscribeRoutes"/>.</summary>
/// <param name="Subscribed">Whether the sender is still subscribed to some topics.</param>
public sealed record RoutesUnsubscribed(bool Subscribed) : INameServerMessage;
