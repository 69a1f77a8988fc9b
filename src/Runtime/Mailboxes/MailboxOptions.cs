namespace NameServer.Actors.Runtime;

/// <summary>What a bounded mailbox does with a message that arrives when it is full.</summary>
public enum OverflowPolicy
{
    /// <summary>The message goes to dead letters.</summary>
    DropToDeadLetters,

    /// <summary>
    /// The message is rejected and its sender (if any) receives
    /// <see cref="Status.Failure"/> with a <see cref="MailboxFullException"/>, so an Ask faults at once.
    /// </summary>
    FailSender,
}

/// <summary>Mailbox configuration: unbounded (default) or bounded with an overflow policy.</summary>
public sealed record MailboxOptions
{
    private MailboxOptions(int? capacity, OverflowPolicy policy)
    {
        Capacity = capacity;
        Policy = policy;
    }

    /// <summary>An unbounded mailbox.</summary>
    public static MailboxOptions Unbounded { get; } = new(null, OverflowPolicy.DropToDeadLetters);

    /// <summary>The capacity, or <c>null</c> when unbounded.</summary>
    public int? Capacity { get; }

    /// <summary>What happens when a bounded mailbox is full.</summary>
    public OverflowPolicy Policy { get; }

    /// <summary>A bounded mailbox holding at most <paramref name="capacity"/> user messages.</summary>
    public static MailboxOptions Bounded(int capacity, OverflowPolicy policy)
    {
        if (capacity < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "Mailbox capacity must be at least 1.");
        }

        if (!Enum.IsDefined(policy))
        {
            throw new ArgumentOutOfRangeException(nameof(policy), policy, "Unknown overflow policy.");
        }

        return new MailboxOptions(capacity, policy);
    }
}

/// <summary>Raised (as a <see cref="Status.Failure"/> to the sender) when a bounded mailbox rejects a message.</summary>
public sealed class MailboxFullException : Exception
{
    /// <summary>Creates the exception.</summary>
    public MailboxFullException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public MailboxFullException()
        : base("The mailbox is full.")
    {
    }

    /// <summary>Creates the exception.</summary>
    public MailboxFullException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
