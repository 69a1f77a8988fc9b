using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;
using AkkaConfig = Akka.Configuration.Config;

namespace NameServer.Actors.Routing.Observability;

/// <summary>
/// An unbounded mailbox that counts, per actor kind, the messages waiting and the live actors in the system's
/// <see cref="ActorMetrics"/>. The kind is the <c>kind</c> key of the mailbox's configuration (see
/// <see cref="RoutingConfig"/>); a mailbox section without one counts under its id.
/// </summary>
public sealed class CountingMailbox : MailboxType, IProducesMessageQueue<CountingMailbox.CountingMessageQueue>
{
    private readonly string _kind;
    private ActorMetrics.KindCounters? _counters;

    public CountingMailbox(Settings settings, AkkaConfig config)
        : base(settings, config)
    {
        _kind = config.GetString("kind", null) ?? config.GetString("id", null) ?? "unknown";
    }

    public override IMessageQueue Create(IActorRef owner, ActorSystem system)
    {
        // One MailboxType per id and system: the counters are looked up once.
        var counters = _counters ??= ActorMetrics.Get(system).Kind(_kind);
        return new CountingMessageQueue(counters);
    }

    /// <summary>The queue of one actor: a <see cref="ConcurrentQueue{T}"/> plus two shared counters.</summary>
    public sealed class CountingMessageQueue : IMessageQueue, IUnboundedMessageQueueSemantics
    {
        private readonly ConcurrentQueue<Envelope> _queue = new();
        private readonly ActorMetrics.KindCounters _counters;

        internal CountingMessageQueue(ActorMetrics.KindCounters counters)
        {
            _counters = counters;
            counters.Created();
        }

        public bool HasMessages => !_queue.IsEmpty;

        public int Count => _queue.Count;

        public void Enqueue(IActorRef receiver, Envelope envelope)
        {
            _queue.Enqueue(envelope);
            _counters.Enqueued();
        }

        public bool TryDequeue(out Envelope envelope)
        {
            if (_queue.TryDequeue(out envelope))
            {
                _counters.Dequeued();
                return true;
            }
            return false;
        }

        // The actor has terminated: what is left goes to dead letters, and it no longer counts as live.
        public void CleanUp(IActorRef owner, IMessageQueue deadletters)
        {
            while (TryDequeue(out var envelope))
            {
                deadletters.Enqueue(owner, envelope);
            }
            _counters.Closed();
        }
    }
}
