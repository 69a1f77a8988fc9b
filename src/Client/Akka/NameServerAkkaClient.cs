using Akka.Actor;
using NameServer.Actors.Contracts;

namespace NameServer.Actors.Client.Akka;

/// <summary>
/// A <see cref="NameServerClientActor"/> with methods for code outside actors: queries as tasks (a
/// <see cref="NameServerError"/> thrown as <see cref="NameServerException"/>, no NameServer answering as
/// <see cref="RemotingTimeoutException"/>) and route subscriptions of application actors.
/// </summary>
/// <example>
/// <code>
/// var system = ActorSystem.Create("app", ConfigurationFactory.ParseString("akka.actor.provider = remote")
///     .WithFallback(NameServerContracts.Config));
/// var client = NameServerAkkaClient.Create(system, NameServerAkkaClientSettings.Create("127.0.0.1:2552;127.0.0.1:2553"));
/// var route = await client.GetRouteAsync("TopicTest");
/// client.Subscribe(["TopicTest"], myActor); // myActor is told TopicRouteChanged
/// </code>
/// </example>
public sealed class NameServerAkkaClient
{
    private NameServerAkkaClient(IActorRef actor, NameServerAkkaClientSettings settings)
    {
        Actor = actor;
        Settings = settings;
    }

    /// <summary>The client actor: send it queries and <see cref="SubscribeTopicRoutes"/> from actors.</summary>
    public IActorRef Actor { get; }

    public NameServerAkkaClientSettings Settings { get; }

    // A query waits at most one timeout per NameServer, a retry pause, and one timeout more; the actor answers by then.
    private TimeSpan AskTimeout => (Settings.RequestTimeout * ((2 * Settings.Gateways.Count) + 1)) + Settings.RetryInterval;

    /// <summary>Starts a client actor under <paramref name="factory"/> (a system, or an actor's context).</summary>
    /// <param name="factory">Where the actor lives.</param>
    /// <param name="settings">The NameServers and timeouts.</param>
    /// <param name="name">The actor's name.</param>
    public static NameServerAkkaClient Create(IActorRefFactory factory, NameServerAkkaClientSettings settings, string name = "nameserver-client")
    {
        ArgumentNullException.ThrowIfNull(factory);
        return new NameServerAkkaClient(factory.ActorOf(NameServerClientActor.Props(settings), name), settings);
    }

    /// <summary>The route of a topic; null when no broker serves it. A subscribed topic is answered from the cache.</summary>
    public async Task<TopicRoute?> GetRouteAsync(string topic, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        return (await AskAsync<RouteReply>(new GetRoute(topic), cancellationToken).ConfigureAwait(false)).Route;
    }

    /// <summary>Every broker group and cluster.</summary>
    public async Task<ClusterInfo> GetClusterInfoAsync(CancellationToken cancellationToken = default) =>
        (await AskAsync<ClusterInfoReply>(new GetClusterInfo(), cancellationToken).ConfigureAwait(false)).ClusterInfo;

    /// <summary>A topic list (some need <c>enableTopicList</c> or <c>enableAllTopicList</c> on the NameServer).</summary>
    public async Task<IReadOnlyList<string>> GetTopicListAsync(TopicListKind kind, string? cluster = null, CancellationToken cancellationToken = default) =>
        (await AskAsync<TopicListReply>(new GetTopicList(kind, cluster), cancellationToken).ConfigureAwait(false)).Topics;

    /// <summary>A KV value; null when there is none.</summary>
    public async Task<string?> GetKvConfigAsync(string ns, string key, CancellationToken cancellationToken = default) =>
        (await AskAsync<KvConfigReply>(new GetKvConfig(ns, key), cancellationToken).ConfigureAwait(false)).Value;

    /// <summary>A KV namespace; null when it does not exist.</summary>
    public async Task<IReadOnlyDictionary<string, string>?> GetKvListAsync(string ns, CancellationToken cancellationToken = default) =>
        (await AskAsync<KvListReply>(new GetKvList(ns), cancellationToken).ConfigureAwait(false)).Table;

    /// <summary>
    /// Subscribes <paramref name="subscriber"/> to some topics' routes (null: every topic): it is told
    /// <see cref="TopicRouteChanged"/>, <see cref="NameServerConnected"/> and <see cref="NameServerLost"/>.
    /// </summary>
    public void Subscribe(IReadOnlyList<string>? topics, IActorRef subscriber)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        Actor.Tell(new SubscribeTopicRoutes(topics, subscriber), ActorRefs.NoSender);
    }

    /// <summary>Removes some topics from a subscription, or ends it (null).</summary>
    public void Unsubscribe(IReadOnlyList<string>? topics, IActorRef subscriber)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        Actor.Tell(new UnsubscribeTopicRoutes(topics, subscriber), ActorRefs.NoSender);
    }

    private async Task<T> AskAsync<T>(INameServerRequest request, CancellationToken cancellationToken)
        where T : INameServerMessage
    {
        var answer = await Actor.Ask<object>(request, AskTimeout, cancellationToken).ConfigureAwait(false);
        return answer switch
        {
            T reply => reply,
            NameServerError error => throw new NameServerException(string.Join(';', Settings.Gateways), error.Code, error.Remark),
            _ => throw new RemotingException(string.Join(';', Settings.Gateways), $"unexpected answer {answer.GetType().Name} to {request.GetType().Name}"),
        };
    }
}
