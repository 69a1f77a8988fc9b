namespace NameServer.Actors.Runtime;

/// <summary>
/// Runtime-internal messages. They travel in a separate queue that is always drained before user
/// messages, so a full user mailbox never delays a stop, a watch or a supervision decision.
/// </summary>
internal abstract record SystemMessage;

/// <summary>Constructs the actor instance (first message of every cell).</summary>
internal sealed record Create : SystemMessage
{
    public static readonly Create Instance = new();
}

/// <summary>Stops the actor (children first).</summary>
internal sealed record Terminate : SystemMessage
{
    public static readonly Terminate Instance = new();
}

/// <summary>Supervisor decision: continue with the next message, keeping state.</summary>
internal sealed record Resume : SystemMessage
{
    public static readonly Resume Instance = new();
}

/// <summary>Supervisor decision: replace the instance, keeping the mailbox.</summary>
internal sealed record Recreate(Exception Cause) : SystemMessage;

/// <summary>A child reports that it failed and is suspended until its parent decides.</summary>
internal sealed record Failed(IInternalActorRef Child, Exception Cause) : SystemMessage;

/// <summary>A child tells its parent that it has fully stopped.</summary>
internal sealed record ChildTerminated(IInternalActorRef Child) : SystemMessage;

internal sealed record Watch(IInternalActorRef Watchee, IInternalActorRef Watcher) : SystemMessage;

internal sealed record Unwatch(IInternalActorRef Watchee, IInternalActorRef Watcher) : SystemMessage;

/// <summary>Sent by a stopped actor to each of its watchers; turned into <see cref="Terminated"/> once.</summary>
internal sealed record DeathWatchNotification(IInternalActorRef Actor) : SystemMessage;
