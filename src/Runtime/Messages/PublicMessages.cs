namespace NameServer.Actors.Runtime;

/// <summary>Marker for messages the runtime itself understands when they arrive as ordinary messages.</summary>
public interface IAutoReceivedMessage
{
}

/// <summary>Stops the receiving actor after the messages queued before it have been processed.</summary>
public sealed record PoisonPill : IAutoReceivedMessage
{
    private PoisonPill()
    {
    }

    /// <summary>The single instance.</summary>
    public static readonly PoisonPill Instance = new();
}

/// <summary>Makes the receiving actor fail with <see cref="ActorKilledException"/> (default decision: stop).</summary>
public sealed record Kill : IAutoReceivedMessage
{
    private Kill()
    {
    }

    /// <summary>The single instance.</summary>
    public static readonly Kill Instance = new();
}

/// <summary>Delivered exactly once to each watcher when a watched actor has stopped.</summary>
public sealed record Terminated(IActorRef ActorRef);

/// <summary>A message that could not be delivered; published on the <see cref="EventStream"/>.</summary>
public sealed record DeadLetter(object Message, IActorRef? Sender, IActorRef Recipient);

/// <summary>A message no behaviour of the recipient handled; published on the <see cref="EventStream"/>.</summary>
public sealed record UnhandledMessage(object Message, IActorRef? Sender, IActorRef Recipient);

/// <summary>Conventional replies: a success with an optional value, or a failure that faults an Ask.</summary>
public abstract record Status
{
    private Status()
    {
    }

    /// <summary>A successful outcome. An <c>Ask&lt;T&gt;</c> unwraps <see cref="Value"/> when T is not this type.</summary>
    public sealed record Success(object? Value) : Status;

    /// <summary>A failed outcome; an Ask receiving it faults with <see cref="Cause"/>.</summary>
    public sealed record Failure(Exception Cause) : Status;
}
