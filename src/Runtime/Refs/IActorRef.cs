namespace NameServer.Actors.Runtime;

/// <summary>
/// A handle to an actor. Refs compare by identity: a restarted actor keeps its ref, while a new
/// actor created later under the same name gets a different ref.
/// </summary>
public interface IActorRef
{
    /// <summary>The actor's path, e.g. <c>/user/routes/session-1</c>.</summary>
    ActorPath Path { get; }

    /// <summary>The last element of <see cref="Path"/>.</summary>
    string Name { get; }

    /// <summary>
    /// Enqueues a message; never blocks. Undeliverable messages go to dead letters. A null sender
    /// told from inside an actor means that actor (Akka's implicit sender); elsewhere, no sender.
    /// </summary>
    void Tell(object message, IActorRef? sender = null);

    /// <summary>Like <see cref="Tell"/> but reports whether the message was accepted by the mailbox.</summary>
    bool TryTell(object message, IActorRef? sender = null);
}

/// <summary>Well-known sender values.</summary>
public static class ActorRefs
{
    /// <summary>Use as sender when there is none; the receiver sees <c>Context.Sender</c> as dead letters.</summary>
    public static readonly IActorRef? NoSender;
}
