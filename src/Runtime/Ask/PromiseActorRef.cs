namespace NameServer.Actors.Runtime;

/// <summary>
/// The temporary sender of one Ask: the first message told to it completes the task. It is its
/// own TaskCompletionSource and builds its path only on demand, to keep an Ask cheap.
/// </summary>
internal sealed class PromiseActorRef : TaskCompletionSource<object>, IInternalActorRef
{
    private readonly ActorSystem _system;
    private readonly IActorRef _target;
    private readonly object _message;
    private ActorPath? _path;
    private ITimer? _timer;
    private CancellationTokenRegistration _registration;
    private TimeSpan _timeout;

    internal PromiseActorRef(ActorSystem system, IActorRef target, object message)
        : base(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        // Continuations run asynchronously so awaiting code never runs inside the replying actor's turn.
        _system = system;
        _target = target;
        _message = message;
    }

    public ActorPath Path => _path ??= _system.TempPath.Child("$ask" + _system.NextTempId());

    public string Name => Path.Name;

    public ActorSystem System => _system;

    public void Tell(object message, IActorRef? sender = null) => TryTell(message, sender);

    public bool TryTell(object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        var accepted = message is Status.Failure failure ? TrySetException(failure.Cause) : TrySetResult(message);
        if (accepted)
        {
            Cleanup();
        }
        else
        {
            // Only the first reply counts; later ones are dead letters like messages to a stopped actor.
            _system.DeadLettersRef.Publish(message, sender ?? ActorCell.CurrentSelf, this);
        }

        return accepted;
    }

    public void SendSystemMessage(SystemMessage message)
    {
        if (message is Watch watch && watch.Watchee == this && Task.IsCompleted)
        {
            watch.Watcher.SendSystemMessage(new DeathWatchNotification(this));
        }
    }

    internal void Start(TimeSpan timeout, CancellationToken cancellationToken)
    {
        _timeout = timeout;
        if (timeout != Timeout.InfiniteTimeSpan)
        {
            var timer = _system.Time.CreateTimer(static s => ((PromiseActorRef)s!).OnTimeout(), this, timeout, Timeout.InfiniteTimeSpan);
            Volatile.Write(ref _timer, timer);
            if (Task.IsCompleted)
            {
                Interlocked.Exchange(ref _timer, null)?.Dispose();
            }
        }

        if (cancellationToken.CanBeCanceled)
        {
            _registration = cancellationToken.UnsafeRegister(static (s, ct) => ((PromiseActorRef)s!).OnCancel(ct), this);
            if (Task.IsCompleted)
            {
                _registration.Unregister();
            }
        }
    }

    public override string ToString() => Path.ToString();

    private void OnTimeout()
    {
        if (TrySetException(new AskTimeoutException(
            $"Ask to {_target.Path} with {_message.GetType().Name} got no reply within {_timeout}.")))
        {
            Cleanup();
        }
    }

    private void OnCancel(CancellationToken cancellationToken)
    {
        if (TrySetCanceled(cancellationToken))
        {
            Cleanup();
        }
    }

    private void Cleanup()
    {
        Interlocked.Exchange(ref _timer, null)?.Dispose();
        // Unregister (not Dispose) never waits, even when called from the cancellation callback itself.
        _registration.Unregister();
    }
}
