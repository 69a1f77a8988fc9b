using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Event;

namespace NameServer.Actors.Routing.Observability;

/// <summary>
/// Actor counts of one <see cref="ActorSystem"/>, kept for metrics: messages waiting and live actors per actor kind
/// (counted by <see cref="CountingMailbox"/> for the actors that use it), and dead letters (a <see cref="DeadLetter"/>
/// subscription on the event stream). One instance per system: <c>ActorMetrics.Get(system)</c>.
/// </summary>
public sealed class ActorMetrics : IExtension
{
    private readonly ConcurrentDictionary<string, KindCounters> _kinds = new(StringComparer.Ordinal);
    private long _deadLetters;

    public ActorMetrics(ExtendedActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        var counter = system.SystemActorOf(Props.Create(() => new DeadLetterCounter(this)), "nameserver-dead-letter-counter");
        system.EventStream.Subscribe(counter, typeof(DeadLetter));
    }

    /// <summary>The instance of <paramref name="system"/>, created on first use.</summary>
    public static ActorMetrics Get(ActorSystem system) => system.WithExtension<ActorMetrics, ActorMetricsProvider>();

    /// <summary>Messages sent to stopped (or never existing) actors since the system started, as published on its event stream.</summary>
    public long DeadLetters => Volatile.Read(ref _deadLetters);

    /// <summary>Messages waiting in the mailboxes of live actors, summed per kind.</summary>
    public IReadOnlyDictionary<string, int> MailboxDepths() =>
        _kinds.ToDictionary(k => k.Key, k => (int)Math.Max(0, k.Value.Depth), StringComparer.Ordinal);

    /// <summary>Live actors per kind.</summary>
    public IReadOnlyDictionary<string, int> ActorCounts() =>
        _kinds.ToDictionary(k => k.Key, k => (int)Math.Max(0, k.Value.Live), StringComparer.Ordinal);

    internal KindCounters Kind(string kind) => _kinds.GetOrAdd(kind, static _ => new KindCounters());

    /// <summary>The counters of one actor kind, shared by the message queues of its actors.</summary>
    internal sealed class KindCounters
    {
        private long _depth;
        private long _live;

        public long Depth => Volatile.Read(ref _depth);

        public long Live => Volatile.Read(ref _live);

        public void Enqueued() => Interlocked.Increment(ref _depth);

        public void Dequeued() => Interlocked.Decrement(ref _depth);

        public void Created() => Interlocked.Increment(ref _live);

        public void Closed() => Interlocked.Decrement(ref _live);
    }

    private sealed class DeadLetterCounter : ReceiveActor
    {
        public DeadLetterCounter(ActorMetrics metrics) =>
            Receive<DeadLetter>(_ => Interlocked.Increment(ref metrics._deadLetters));
    }
}

/// <summary>Creates the one <see cref="ActorMetrics"/> of a system.</summary>
public sealed class ActorMetricsProvider : ExtensionIdProvider<ActorMetrics>
{
    public override ActorMetrics CreateExtension(ExtendedActorSystem system) => new(system);
}
