using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace NameServer.Actors.Runtime;

/// <summary>
/// The runtime part of one actor: its mailbox (a single-reader user channel plus a system queue
/// that always goes first), its instance, children, watchers and supervision state.
/// The cell is scheduled on the thread pool only when it has work; one run processes pending
/// system messages and then up to <c>Throughput</c> user messages, so many actors share the pool
/// fairly. All non-thread-safe state below is touched only by the run in progress.
/// </summary>
internal sealed partial class ActorCell : IActorContext, IThreadPoolWorkItem
{
    private const int Idle = 0;
    private const int Scheduled = 1;

    [ThreadStatic]
    private static ActorCell? _constructingCell;

    [ThreadStatic]
    private static ActorCell? _currentCell;

    private static long _nextUid;

    private readonly ActorSystem _system;
    private readonly Props _props;
    private readonly IInternalActorRef? _parent;
    private readonly LocalActorRef _self;
    private readonly ConcurrentQueue<SystemMessage> _systemQueue = new();
    private readonly ChannelReader<Envelope> _reader;
    private readonly ChannelWriter<Envelope> _writer;
    private readonly int _throughput;
    private readonly Action _scheduleAction;
    private int _status;
    private volatile bool _terminated;
    private SynchronizationContext? _syncContext;

    // Owned by the run in progress.
    private ActorBase? _actor;
    private Envelope _current;
    private bool _suspended;
    private bool _terminating;
    private Exception? _lastFailure;
    private object? _failedMessage;
    private Exception? _pendingRestart;
    private Task? _pendingTask;
    private Queue<Envelope>? _priority;
    private TimerScheduler? _timers;
    private ILogger? _log;

    // Kept beside the channel because a single-reader unbounded channel cannot count (metrics read it).
    private int _queued;

    internal ActorCell(ActorSystem system, Props props, IInternalActorRef? parent, ActorPath path)
    {
        _system = system;
        _props = props;
        _parent = parent;
        _self = new LocalActorRef(this, path);
        _throughput = system.Options.Throughput;
        _scheduleAction = TrySchedule;
        Uid = Interlocked.Increment(ref _nextUid);

        Channel<Envelope> channel = props.Mailbox.Capacity is { } capacity
            ? Channel.CreateBounded<Envelope>(new BoundedChannelOptions(capacity)
            {
                SingleReader = true,
                FullMode = BoundedChannelFullMode.Wait,
            })
            : Channel.CreateUnbounded<Envelope>(new UnboundedChannelOptions { SingleReader = true });
        _reader = channel.Reader;
        _writer = channel.Writer;
        system.Register(this);
    }

    public IActorRef Self => _self;

    public IActorRef Sender => _current.Sender ?? _system.DeadLetters;

    public IActorRef Parent => _parent ?? (IActorRef)_self;

    public ActorSystem System => _system;

    public Props Props => _props;

    public IScheduler Scheduler => _system.Scheduler;

    public ITimerScheduler Timers => _timers ??= new TimerScheduler(this);

    public bool HasQueuedMessages => _priority is { Count: > 0 } || (_reader.CanPeek ? _reader.TryPeek(out _) : _reader.CanCount && _reader.Count > 0);

    public ILogger Log => _log ??= _system.LoggerFactory.CreateLogger(_props.ActorType.FullName ?? _props.ActorType.Name);

    internal long Uid { get; }

    /// <summary>User messages waiting (read from any thread, so only approximately current).</summary>
    internal int QueuedCount => Math.Max(0, Volatile.Read(ref _queued));

    internal IActorRef? CurrentSender => _current.Sender;

    /// <summary>
    /// The actor running on this thread, if any: a Tell without an explicit sender made from inside
    /// an actor carries that actor as sender (Akka's implicit sender).
    /// </summary>
    internal static IActorRef? CurrentSelf => _currentCell?._self;

    /// <summary>The sender of the message being processed on this thread, if any (for Forward).</summary>
    internal static IActorRef? CurrentMessageSender => _currentCell?._current.Sender;

    /// <summary>The cell whose factory is running on this thread; claimed once by the ActorBase constructor.</summary>
    internal static ActorCell? TakeConstructing()
    {
        var cell = _constructingCell;
        _constructingCell = null;
        return cell;
    }

    internal void Start() => PostSystem(Create.Instance);

    /// <summary>Enqueues a user message; never blocks. Returns false when it was not accepted.</summary>
    internal bool Post(object message, IActorRef? sender)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_writer.TryWrite(new Envelope(message, sender)))
        {
            Interlocked.Increment(ref _queued);
            TrySchedule();
            return true;
        }

        if (_terminated || _props.Mailbox.Policy == OverflowPolicy.DropToDeadLetters || sender is null)
        {
            _system.DeadLettersRef.Publish(message, sender, _self);
        }
        else
        {
            sender.Tell(
                new Status.Failure(new MailboxFullException(
                    $"Mailbox of {_self.Path} is full (capacity {_props.Mailbox.Capacity}); {message.GetType().Name} was rejected.")),
                _self);
        }

        return false;
    }

    internal void PostSystem(SystemMessage message)
    {
        if (_terminated)
        {
            HandleAfterTermination(message);
            return;
        }

        _systemQueue.Enqueue(message);
        TrySchedule();
    }

    public void Execute()
    {
        var runnable = false;
        var previous = _currentCell;
        _currentCell = this;
        try
        {
            if (_terminated)
            {
                DrainAfterTermination();
                return;
            }

            if (_pendingTask is { } pending)
            {
                if (!pending.IsCompleted)
                {
                    return;
                }

                CompletePendingTask(pending);
            }

            ProcessSystemMessages();
            for (var budget = _throughput; budget > 0 && CanProcessUserMessages; budget--)
            {
                Envelope envelope;
                if (_priority is { Count: > 0 } priority)
                {
                    envelope = priority.Dequeue();
                }
                else if (_reader.TryRead(out envelope))
                {
                    Interlocked.Decrement(ref _queued);
                }
                else
                {
                    break;
                }

                Invoke(envelope);
                if (_pendingTask is not null)
                {
                    // An async handler is running: nothing else (system messages included) until it completes.
                    break;
                }

                if (!_systemQueue.IsEmpty)
                {
                    ProcessSystemMessages();
                }
            }

            runnable = CanProcessUserMessages;
        }
        finally
        {
            _currentCell = previous;
            var pending = _pendingTask;
            var hasPriority = runnable && _priority is { Count: > 0 };
            Interlocked.Exchange(ref _status, Idle);

            // Re-check after going idle: a message posted during the run saw "scheduled" and did not
            // reschedule. While an async handler runs, only its completion reschedules the cell.
            if (pending is not null)
            {
                if (pending.IsCompleted)
                {
                    TrySchedule();
                }
            }
            else if (hasPriority || !_systemQueue.IsEmpty || (runnable && _reader.TryPeek(out _)))
            {
                TrySchedule();
            }
        }
    }

    /// <summary>
    /// Runs an async handler under a synchronization context that resumes its awaits on the thread
    /// pool as this actor (implicit sender, Context usable); the mailbox is suspended meanwhile, so
    /// those continuations never run concurrently with another message.
    /// </summary>
    internal void RunAsyncHandler<T>(Func<T, Task> handler, T message)
    {
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(_syncContext ??= new ActorSynchronizationContext(this));
        try
        {
            RunTask(handler(message));
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    /// <summary>Called by an async handler: the mailbox stays suspended until <paramref name="task"/> completes.</summary>
    internal void RunTask(Task task)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (task.IsCompleted)
        {
            ThrowIfUnsuccessful(task);
            return;
        }

        _pendingTask = task;
        task.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_scheduleAction);
    }

    private bool CanProcessUserMessages =>
        _actor is not null && !_suspended && !_terminating && _pendingRestart is null && _pendingTask is null;

    private static void ThrowIfUnsuccessful(Task task)
    {
        if (task.IsFaulted)
        {
            var error = task.Exception!.InnerExceptions.Count == 1 ? task.Exception.InnerException! : task.Exception;
            ExceptionDispatchInfo.Throw(error);
        }

        if (task.IsCanceled)
        {
            throw new TaskCanceledException(task);
        }
    }

    private void TrySchedule()
    {
        if (Volatile.Read(ref _status) == Idle && Interlocked.CompareExchange(ref _status, Scheduled, Idle) == Idle)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    private void Invoke(Envelope envelope)
    {
        _current = envelope;
        var message = envelope.Message;
        try
        {
            if (message is TimerFired fired)
            {
                if (!TryAcceptTimer(fired, out message))
                {
                    _current = default;
                    return;
                }
            }
            else if (message is PoisonPill)
            {
                BeginTerminate();
                _current = default;
                return;
            }
            else if (message is Kill)
            {
                throw new ActorKilledException($"{_self.Path} received Kill.");
            }

            if (!_actor!.OnReceive(message))
            {
                _actor.InvokeUnhandled(message);
            }
        }
        catch (Exception ex)
        {
            HandleInvokeFailure(ex, message);
        }

        if (_pendingTask is null)
        {
            _current = default;
        }

        // A tick of a timer that was cancelled or replaced after it was queued is dropped.
        bool TryAcceptTimer(TimerFired fired, out object inner)
        {
            if (_timers is not null)
            {
                return _timers.TryAccept(fired, out inner);
            }

            inner = fired;
            return false;
        }
    }

    private void CompletePendingTask(Task task)
    {
        _pendingTask = null;
        var message = _current.Message;
        try
        {
            ThrowIfUnsuccessful(task);
        }
        catch (Exception ex)
        {
            HandleInvokeFailure(ex, message);
        }

        _current = default;
    }

    /// <summary>Suspends the actor and asks the parent what to do.</summary>
    private void HandleInvokeFailure(Exception cause, object? message)
    {
        if (_terminating)
        {
            Log.LogError(cause, "{Actor} failed while stopping", _self.Path);
            return;
        }

        _suspended = true;
        _lastFailure = cause;
        _failedMessage = message;
        if (_parent is null)
        {
            // The guardian has no supervisor: it can only fail by escalation, and then it stops.
            Log.LogError(cause, "Guardian {Actor} failed; stopping it", _self.Path);
            BeginTerminate();
            return;
        }

        _parent.SendSystemMessage(new Failed(_self, cause));
    }

    private void ProcessSystemMessages()
    {
        while (_systemQueue.TryDequeue(out var message))
        {
            if (_terminated)
            {
                HandleAfterTermination(message);
                continue;
            }

            try
            {
                switch (message)
                {
                    case Create:
                        CreateInstance(null);
                        break;
                    case Terminate:
                        BeginTerminate();
                        break;
                    case Resume:
                        HandleResume();
                        break;
                    case Recreate recreate:
                        HandleRecreate(recreate.Cause);
                        break;
                    case Failed failed:
                        HandleChildFailed(failed);
                        break;
                    case ChildTerminated childTerminated:
                        HandleChildTerminated(childTerminated.Child);
                        break;
                    case Watch watch:
                        AddWatcher(watch);
                        break;
                    case Unwatch unwatch:
                        RemoveWatcher(unwatch);
                        break;
                    case DeathWatchNotification notification:
                        HandleDeathWatchNotification(notification);
                        break;
                }
            }
            catch (Exception ex)
            {
                Log.LogError(ex, "{Actor} could not process system message {Message}", _self.Path, message.GetType().Name);
            }
        }
    }

    private void CreateInstance(Exception? restartCause)
    {
        ActorBase? instance = null;
        try
        {
            _constructingCell = this;
            instance = _props.Factory();
            if (instance is null || !ReferenceEquals(instance.Cell, this))
            {
                throw new InvalidOperationException("The Props factory must return a new actor instance on every call.");
            }

            _actor = instance;
            instance.AfterConstruction();
            if (restartCause is null)
            {
                instance.InvokePreStart();
            }
            else
            {
                instance.InvokePostRestart(restartCause);
            }
        }
        catch (Exception ex)
        {
            var what = _actor is null ? "creation" : restartCause is null ? "PreStart" : "PostRestart";
            HandleInvokeFailure(
                new ActorInitializationException($"{what} of {_self.Path} ({_props.ActorType.Name}) failed: {ex.Message}", ex),
                null);
        }
        finally
        {
            _constructingCell = null;
        }
    }

    private void HandleResume()
    {
        if (_terminating || !_suspended)
        {
            return;
        }

        if (_actor is null)
        {
            // Nothing to resume when the instance never got built: try again instead.
            HandleRecreate(_lastFailure ?? new ActorInitializationException("Resumed before the instance existed."));
            return;
        }

        _suspended = false;
        _failedMessage = null;
        ResumeEscalatedChild();
    }

    private void HandleRecreate(Exception cause)
    {
        if (_terminating)
        {
            return;
        }

        var failedMessage = _failedMessage;
        _failedMessage = null;
        if (_actor is { } old)
        {
            try
            {
                old.InvokePreRestart(cause, failedMessage);
            }
            catch (Exception ex)
            {
                Log.LogError(ex, "PreRestart of {Actor} threw", _self.Path);
            }
        }

        _timers?.CancelAll();
        _actor = null;
        _pendingRestart = cause;
        if (!HasStoppingChildren)
        {
            FinishRestart();
        }
    }

    private void FinishRestart()
    {
        var cause = _pendingRestart!;
        _pendingRestart = null;
        _suspended = false;
        ResumeEscalatedChild(restartCause: cause);
        CreateInstance(cause);
    }

    private void BeginTerminate()
    {
        if (_terminating)
        {
            return;
        }

        _terminating = true;
        _timers?.CancelAll();
        var children = CloseChildren();
        foreach (var child in children)
        {
            StopChild(child);
        }

        if (children.Length == 0)
        {
            FinishTerminate();
        }
    }

    private void FinishTerminate()
    {
        if (_actor is { } actor)
        {
            try
            {
                actor.InvokePostStop();
            }
            catch (Exception ex)
            {
                Log.LogError(ex, "PostStop of {Actor} threw", _self.Path);
            }
        }

        _actor = null;
        _priority = null;
        _pendingTask = null;
        _current = default;
        _terminated = true;
        _writer.TryComplete();
        _system.Unregister(this);
        DrainAfterTermination();
        NotifyWatchersAndUnwatchAll();
        _system.EventStream.Unsubscribe(_self);
        if (_parent is null)
        {
            _system.OnGuardianTerminated();
        }
        else
        {
            _parent.SendSystemMessage(new ChildTerminated(_self));
        }
    }

    /// <summary>After termination every message still queued (or racing in) becomes a dead letter.</summary>
    private void DrainAfterTermination()
    {
        while (_reader.TryRead(out var envelope))
        {
            Interlocked.Decrement(ref _queued);
            _system.DeadLettersRef.Publish(envelope.Message, envelope.Sender, _self);
        }

        while (_systemQueue.TryDequeue(out var message))
        {
            HandleAfterTermination(message);
        }
    }

    private void HandleAfterTermination(SystemMessage message)
    {
        // A watch arriving after death is answered at once, so the watcher still gets its Terminated.
        if (message is Watch watch && watch.Watcher != _self)
        {
            watch.Watcher.SendSystemMessage(new DeathWatchNotification(_self));
        }
    }

    internal void RunContinuationFromContext(SendOrPostCallback callback, object? state)
    {
        var previousCell = _currentCell;
        var previousContext = SynchronizationContext.Current;
        _currentCell = this;
        SynchronizationContext.SetSynchronizationContext(_syncContext);
        try
        {
            callback(state);
        }
        finally
        {
            _currentCell = previousCell;
            SynchronizationContext.SetSynchronizationContext(previousContext);
        }
    }

    private void EnqueuePriority(Envelope envelope) => (_priority ??= new Queue<Envelope>()).Enqueue(envelope);
}
