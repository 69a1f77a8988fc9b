using Microsoft.Extensions.Logging;

namespace NameServer.Actors.Runtime;

/// <summary>The actor's view of the runtime; use it only from the actor's own message processing.</summary>
public interface IActorContext
{
    /// <summary>The actor's own ref (unchanged across restarts).</summary>
    IActorRef Self { get; }

    /// <summary>The sender of the message being processed; dead letters when there is none.</summary>
    IActorRef Sender { get; }

    /// <summary>The supervisor.</summary>
    IActorRef Parent { get; }

    /// <summary>The system the actor lives in.</summary>
    ActorSystem System { get; }

    /// <summary>The Props the actor was created from.</summary>
    Props Props { get; }

    /// <summary>The system scheduler.</summary>
    IScheduler Scheduler { get; }

    /// <summary>The actor's keyed timers, cancelled automatically on stop and restart.</summary>
    ITimerScheduler Timers { get; }

    /// <summary>A logger whose category is the actor's class.</summary>
    ILogger Log { get; }

    /// <summary>The current children.</summary>
    IReadOnlyCollection<IActorRef> Children { get; }

    /// <summary>Creates a child (Akka's ActorOf); names must be unique among siblings.</summary>
    IActorRef Spawn(Props props, string? name = null);

    /// <summary>Alias of <see cref="Spawn"/>.</summary>
    IActorRef ActorOf(Props props, string? name = null);

    /// <summary>The child with <paramref name="name"/>, or null.</summary>
    IActorRef? Child(string name);

    /// <summary>Stops a child or the actor itself (after the current message; children first).</summary>
    void Stop(IActorRef actor);

    /// <summary>Delivers exactly one <see cref="Terminated"/> when <paramref name="actor"/> stops (at once if it already has).</summary>
    IActorRef Watch(IActorRef actor);

    /// <summary>Stops watching; no <see cref="Terminated"/> for <paramref name="actor"/> arrives afterwards.</summary>
    void Unwatch(IActorRef actor);

    /// <summary>
    /// Whether more user messages already wait in this actor's mailbox (Akka.NET's mailbox
    /// <c>HasMessages</c>): lets an actor batch work until the queue drains. A hint, as new messages may arrive at
    /// any time.
    /// </summary>
    bool HasQueuedMessages { get; }
}
