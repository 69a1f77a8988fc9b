namespace NameServer.Actors.Runtime;

/// <summary>
/// The recipe for an actor: a factory producing a fresh instance (called again on every restart),
/// the mailbox, and the strategy the actor applies to its own children.
/// </summary>
public sealed class Props
{
    private Props(Type actorType, Func<ActorBase> factory, MailboxOptions mailbox, SupervisorStrategy? strategy)
    {
        ActorType = actorType;
        Factory = factory;
        Mailbox = mailbox;
        SupervisorStrategy = strategy;
    }

    /// <summary>The actor's class.</summary>
    public Type ActorType { get; }

    /// <summary>The mailbox configuration (unbounded by default).</summary>
    public MailboxOptions Mailbox { get; }

    /// <summary>The strategy the created actor applies to its children; null means the default.</summary>
    public SupervisorStrategy? SupervisorStrategy { get; }

    internal Func<ActorBase> Factory { get; }

    /// <summary>Props whose factory must return a new instance on every call.</summary>
    public static Props Create<TActor>(Func<TActor> factory)
        where TActor : ActorBase
    {
        ArgumentNullException.ThrowIfNull(factory);
        return new Props(typeof(TActor), factory, MailboxOptions.Unbounded, null);
    }

    /// <summary>Props using the actor's parameterless constructor.</summary>
    public static Props Create<TActor>()
        where TActor : ActorBase, new() =>
        new(typeof(TActor), static () => new TActor(), MailboxOptions.Unbounded, null);

    /// <summary>A copy with another mailbox.</summary>
    public Props WithMailbox(MailboxOptions mailbox)
    {
        ArgumentNullException.ThrowIfNull(mailbox);
        return new Props(ActorType, Factory, mailbox, SupervisorStrategy);
    }

    /// <summary>A copy whose actor supervises its children with <paramref name="strategy"/>.</summary>
    public Props WithSupervisorStrategy(SupervisorStrategy strategy)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        return new Props(ActorType, Factory, Mailbox, strategy);
    }
}
