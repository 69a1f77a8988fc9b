using Akka;
using Akka.Actor;
using NameServer.Actors.Contracts;

namespace NameServer.Actors.Client.Tests.Akka;

/// <summary>
/// A NameServer gateway in a test: answers route queries and subscriptions from its own route table (or stays silent,
/// or answers nonsense), pushes <see cref="RouteChanged"/> when a test changes a route, and reports every request it
/// receives to <c>probe</c>.
/// </summary>
internal sealed class FakeGateway : ReceiveActor
{
    private readonly Dictionary<string, TopicRoute> _routes = new(StringComparer.Ordinal);
    private readonly Dictionary<IActorRef, HashSet<string>?> _subscribers = [];
    private readonly HashSet<IActorRef> _everSubscribed = [];

    public FakeGateway(IActorRef probe, GatewayMode mode, IReadOnlyDictionary<string, TopicRoute>? routes)
    {
        foreach (var (topic, route) in routes ?? new Dictionary<string, TopicRoute>())
        {
            _routes[topic] = route;
        }
        Receive<GetRoute>(m =>
        {
            probe.Tell(m);
            switch (mode)
            {
                case GatewayMode.Silent:
                    break;
                case GatewayMode.WrongAnswers:
                    Sender.Tell(new RouteReply(m.Topic + "-other", null));
                    break;
                default:
                    Sender.Tell(new RouteReply(m.Topic, _routes.GetValueOrDefault(m.Topic)));
                    break;
            }
        });
        Receive<SubscribeRoutes>(m =>
        {
            probe.Tell(m);
            if (mode == GatewayMode.RefusingSubscriptions)
            {
                Sender.Tell(new NameServerError(NameServerErrorCodes.NoPermission, "refused"));
                return;
            }
            var current = m.Topics is null
                ? _routes.Select(e => new RouteChanged(e.Key, e.Value)).ToList()
                : m.Topics.Select(t => new RouteChanged(t, _routes.GetValueOrDefault(t))).ToList();
            if (m.Topics is null || !_subscribers.TryGetValue(Sender, out var topics) || topics is null)
            {
                _subscribers[Sender] = m.Topics?.ToHashSet(StringComparer.Ordinal);
            }
            else
            {
                topics.UnionWith(m.Topics);
            }
            _everSubscribed.Add(Sender);
            Sender.Tell(new RoutesSubscribed(current.Count));
            current.ForEach(c => Sender.Tell(c));
        });
        Receive<UnsubscribeRoutes>(m =>
        {
            probe.Tell(m);
            _subscribers.Remove(Sender);
            Sender.Tell(new RoutesUnsubscribed(false));
        });
        Receive<SetRoute>(m =>
        {
            if (m.Route is null)
            {
                _routes.Remove(m.Topic);
            }
            else
            {
                _routes[m.Topic] = m.Route;
            }
            foreach (var (subscriber, topics) in _subscribers)
            {
                if (topics is null || topics.Contains(m.Topic))
                {
                    subscriber.Tell(new RouteChanged(m.Topic, m.Route));
                }
            }
            Sender.Tell(Done.Instance);
        });
        Receive<PushRaw>(m => _everSubscribed.ToList().ForEach(s => s.Tell(m.Message)));
    }

    public static Props Props(IActorRef probe, GatewayMode mode = GatewayMode.Normal, IReadOnlyDictionary<string, TopicRoute>? routes = null) =>
        global::Akka.Actor.Props.Create(() => new FakeGateway(probe, mode, routes));

    /// <summary>Changes (null: removes) a route and pushes it to the subscribers of its topic; answered with <see cref="Done"/>.</summary>
    public sealed record SetRoute(string Topic, TopicRoute? Route);

    /// <summary>Tells every actor that ever subscribed this message as it is, unsubscribed or not.</summary>
    public sealed record PushRaw(object Message);
}

internal enum GatewayMode
{
    Normal,
    Silent,
    WrongAnswers,
    RefusingSubscriptions,
}

internal static class Routes
{
    public static TopicRoute Of(string brokerName, string addr, int queues = 4) => new(
        [new QueueData(brokerName, queues, queues, 6, 0)],
        [new BrokerData("DefaultCluster", brokerName, new Dictionary<long, string> { [0] = addr })],
        new Dictionary<string, IReadOnlyList<string>>());
}
