using Akka.Actor;

namespace NameServer.Actors.Routing.TestKit.Tests;

/// <summary>
/// A deliberately broken link between the broker sessions and RouteTable, for mutation tests: forwards every message
/// (keeping the sender, so answers still reach the asker) after <c>rewrite</c>, which returns the message to forward,
/// a changed one, or null to drop it.
/// </summary>
internal sealed class Interposer : ReceiveActor
{
    public Interposer(IActorRef routeTable, Func<IActorRef, object, object?> rewrite)
    {
        ReceiveAny(message =>
        {
            if (rewrite(Self, message) is { } forwarded)
            {
                routeTable.Tell(forwarded, Sender);
            }
        });
    }

    /// <summary>For <see cref="ChurnOptions.InterposeRouteTable"/>; <paramref name="newRewrite"/> builds fresh per-run state.</summary>
    public static Func<IActorRef, Props> Between(Func<Func<IActorRef, object, object?>> newRewrite) =>
        routeTable => Props.Create(() => new Interposer(routeTable, newRewrite()));
}
