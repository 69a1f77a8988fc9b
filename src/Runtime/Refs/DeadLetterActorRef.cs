using Microsoft.Extensions.Logging;

namespace NameServer.Actors.Runtime;

/// <summary>
/// Receives every message that could not be delivered, publishes it on the event stream as a
/// <see cref="DeadLetter"/> and logs it at debug level.
/// </summary>
internal sealed class DeadLetterActorRef : IInternalActorRef
{
    private readonly ActorSystem _system;
    private readonly ILogger _log;
    private long _count;

    internal DeadLetterActorRef(ActorSystem system, ActorPath path, ILogger log)
    {
        _system = system;
        _log = log;
        Path = path;
    }

    public ActorPath Path { get; }

    public string Name => Path.Name;

    public ActorSystem System => _system;

    internal long Count => Interlocked.Read(ref _count);

    public void Tell(object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message is DeadLetter dead)
        {
            Publish(dead);
        }
        else
        {
            Publish(new DeadLetter(message, sender ?? ActorCell.CurrentSelf, this));
        }
    }

    public bool TryTell(object message, IActorRef? sender = null)
    {
        Tell(message, sender);
        return false;
    }

    public void SendSystemMessage(SystemMessage message)
    {
        // Dead letters is "already dead": a watcher learns that at once.
        if (message is Watch watch && watch.Watchee == this)
        {
            watch.Watcher.SendSystemMessage(new DeathWatchNotification(this));
        }
    }

    internal void Publish(object message, IActorRef? sender, IActorRef recipient) =>
        Publish(new DeadLetter(message, sender, recipient));

    private void Publish(DeadLetter dead)
    {
        var count = Interlocked.Increment(ref _count);
        if (_log.IsEnabled(LogLevel.Debug))
        {
            _log.LogDebug(
                "Dead letter #{Count}: {MessageType} from {Sender} to {Recipient}",
                count,
                dead.Message.GetType().Name,
                dead.Sender?.Path.ToString() ?? "no sender",
                dead.Recipient.Path);
        }

        // A dead letter about a dead letter is not republished: a stopped subscriber would loop forever.
        if (dead.Message is not DeadLetter)
        {
            _system.EventStream.Publish(dead);
        }
    }

    public override string ToString() => Path.ToString();
}
