namespace NameServer.Actors.Runtime;

/// <summary>Conveniences on <see cref="IActorRef"/>.</summary>
public static class ActorRefExtensions
{
    /// <summary>
    /// Tells <paramref name="message"/> keeping the original sender of the message being processed
    /// (Akka's Forward); outside an actor there is no sender.
    /// </summary>
    public static void Forward(this IActorRef target, object message)
    {
        ArgumentNullException.ThrowIfNull(target);
        target.Tell(message, ActorCell.CurrentMessageSender ?? ActorRefs.NoSender);
    }
}
