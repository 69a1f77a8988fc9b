using Akka.Actor;
using Akka.Event;
using NameServer.Actors.Routing;

namespace NameServer.Actors.AkkaPlatform;

/// <summary>
/// The platform's own actor: prints every route change of the embedded NameServer as RouteTable tells it
/// (<see cref="SubscribeRoutePublications"/>, then one <see cref="RoutesPublished"/> per published batch): the topic
/// with its brokers, or that its route was removed. Nothing is polled.
/// </summary>
internal sealed class RouteWatcher : ReceiveActor
{
    private readonly IActorRef _routeTable;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public RouteWatcher(IActorRef routeTable)
    {
        _routeTable = routeTable;
        Receive<RoutePublicationsSubscribed>(_ => _log.Info("Watching the routes of {0}", _routeTable.Path));
        Receive<RoutesPublished>(m =>
        {
            foreach (var (topic, snapshot) in m.Routes)
            {
                if (snapshot is null)
                {
                    _log.Info("Route of {0} removed", topic);
                }
                else
                {
                    _log.Info("Route of {0}: {1}", topic, Describe(snapshot));
                }
            }
        });
        // RouteTable keeps its listeners across its restarts; it stops only with the NameServer.
        Receive<Terminated>(m => m.ActorRef.Equals(_routeTable), _ =>
        {
            _log.Info("The NameServer's route table stopped; no more route changes");
            Context.Stop(Self);
        });
    }

    public static Props Props(IActorRef routeTable) => Akka.Actor.Props.Create(() => new RouteWatcher(routeTable));

    // Also after a restart of this actor (subscribing twice is harmless): from here on no publication is missed.
    protected override void PreStart()
    {
        Context.Watch(_routeTable);
        _routeTable.Tell(new SubscribeRoutePublications(Self));
    }

    private static string Describe(RouteSnapshot snapshot) =>
        string.Join(", ", snapshot.Route.BrokerDatas.Select(b => $"{b.BrokerName}@{string.Join('/', b.BrokerAddrs.Values)}"));
}
