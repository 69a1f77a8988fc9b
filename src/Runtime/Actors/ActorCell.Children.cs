using Microsoft.Extensions.Logging;

namespace NameServer.Actors.Runtime;

/// <summary>Children, supervision of children, and death watch.</summary>
internal sealed partial class ActorCell
{
    // Children may be added from other threads (ActorSystem.ActorOf on the guardian), hence the lock.
    private readonly Lock _childrenLock = new();
    private readonly Dictionary<string, LocalActorRef> _children = new(StringComparer.Ordinal);
    private bool _childrenClosed;
    private long _nameCounter;

    // Owned by the run in progress.
    private HashSet<IInternalActorRef>? _stoppingChildren;
    private Dictionary<IInternalActorRef, ChildRestartStats>? _childStats;
    private IInternalActorRef? _escalatedChild;
    private HashSet<IInternalActorRef>? _watchers;
    private HashSet<IInternalActorRef>? _watching;

    public IReadOnlyCollection<IActorRef> Children
    {
        get
        {
            lock (_childrenLock)
            {
                return _children.Count == 0 ? [] : [.. _children.Values];
            }
        }
    }

    private bool HasStoppingChildren => _stoppingChildren is { Count: > 0 };

    public IActorRef ActorOf(Props props, string? name = null) => Spawn(props, name);

    public IActorRef Spawn(Props props, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(props);
        if (name is not null)
        {
            ValidateName(name);
        }

        ActorCell cell;
        lock (_childrenLock)
        {
            if (_childrenClosed)
            {
                throw new InvalidOperationException($"Cannot create a child of {_self.Path}: it is stopping.");
            }

            name ??= NextAutoName();
            if (_children.ContainsKey(name))
            {
                throw new InvalidActorNameException($"Actor name '{name}' is not unique among the children of {_self.Path}.");
            }

            cell = new ActorCell(_system, props, _self, _self.Path.Child(name));
            _children.Add(name, cell._self);
        }

        cell.Start();
        return cell.Self;
    }

    public IActorRef? Child(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        lock (_childrenLock)
        {
            return _children.GetValueOrDefault(name);
        }
    }

    public void Stop(IActorRef actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var target = AsInternal(actor, nameof(actor));
        if (IsChild(target))
        {
            StopChild(target);
        }
        else
        {
            // Self (or any other actor) stops after the message being processed, as in Akka.
            target.SendSystemMessage(Terminate.Instance);
        }
    }

    public IActorRef Watch(IActorRef actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var target = AsInternal(actor, nameof(actor));
        if (target != _self && (_watching ??= []).Add(target))
        {
            target.SendSystemMessage(new Watch(target, _self));
        }

        return actor;
    }

    public void Unwatch(IActorRef actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var target = AsInternal(actor, nameof(actor));
        if (_watching is not null && _watching.Remove(target))
        {
            target.SendSystemMessage(new Unwatch(target, _self));

            // A Terminated already queued but not yet processed must not arrive after Unwatch.
            if (_priority is { Count: > 0 } priority)
            {
                var kept = priority.Where(e => !(e.Message is Terminated t && t.ActorRef == target)).ToArray();
                priority.Clear();
                foreach (var envelope in kept)
                {
                    priority.Enqueue(envelope);
                }
            }
        }
    }

    private static IInternalActorRef AsInternal(IActorRef actor, string parameter) =>
        actor as IInternalActorRef
        ?? throw new ArgumentException($"{actor} is not a ref created by an actor system.", parameter);

    private static void ValidateName(string name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new InvalidActorNameException("Actor name must not be empty.");
        }

        if (name[0] == '$')
        {
            throw new InvalidActorNameException($"Actor name '{name}' must not start with '$' (reserved for generated names).");
        }

        foreach (var c in name)
        {
            if (c is '/' or '#' || char.IsWhiteSpace(c) || char.IsControl(c))
            {
                throw new InvalidActorNameException($"Actor name '{name}' contains an invalid character '{c}'.");
            }
        }
    }

    private string NextAutoName()
    {
        // $a, $b, ... $z, $aa, $ab, ...: bijective base 26.
        var n = _nameCounter++;
        Span<char> buffer = stackalloc char[16];
        var i = buffer.Length;
        do
        {
            buffer[--i] = (char)('a' + (n % 26));
            n = (n / 26) - 1;
        }
        while (n >= 0);
        buffer[--i] = '$';
        return new string(buffer[i..]);
    }

    private bool IsChild(IInternalActorRef actor)
    {
        lock (_childrenLock)
        {
            return _children.TryGetValue(actor.Name, out var child) && child == actor;
        }
    }

    private LocalActorRef[] CloseChildren()
    {
        lock (_childrenLock)
        {
            _childrenClosed = true;
            return [.. _children.Values];
        }
    }

    private void StopChild(IInternalActorRef child)
    {
        (_stoppingChildren ??= []).Add(child);
        child.SendSystemMessage(Terminate.Instance);
    }

    private void HandleChildTerminated(IInternalActorRef child)
    {
        int remaining;
        lock (_childrenLock)
        {
            if (_children.TryGetValue(child.Name, out var current) && current == child)
            {
                _children.Remove(child.Name);
            }

            remaining = _children.Count;
        }

        _stoppingChildren?.Remove(child);
        _childStats?.Remove(child);
        if (_escalatedChild == child)
        {
            _escalatedChild = null;
        }

        if (_terminating)
        {
            if (remaining == 0)
            {
                FinishTerminate();
            }
        }
        else if (_pendingRestart is not null && !HasStoppingChildren)
        {
            FinishRestart();
        }
    }

    private void HandleChildFailed(Failed failed)
    {
        var child = failed.Child;
        if (_terminating || !IsChild(child) || (_stoppingChildren?.Contains(child) ?? false))
        {
            return;
        }

        var strategy = _actor?.InvokeSupervisorStrategy() ?? _props.SupervisorStrategy ?? SupervisorStrategy.DefaultStrategy;
        var stats = (_childStats ??= []).TryGetValue(child, out var existing) ? existing : _childStats[child] = new ChildRestartStats();
        Directive directive;
        try
        {
            directive = strategy.Handle(stats, failed.Cause, _system.Time.GetUtcNow());
        }
        catch (Exception ex)
        {
            Log.LogError(ex, "The supervisor strategy of {Actor} threw; stopping {Child}", _self.Path, child.Path);
            directive = Directive.Stop;
        }

        Log.Log(
            directive == Directive.Resume ? LogLevel.Warning : LogLevel.Error,
            failed.Cause,
            "{Child} failed with {Exception}; supervisor {Actor} decided {Directive}",
            child.Path,
            failed.Cause.GetType().Name,
            _self.Path,
            directive);

        switch (directive)
        {
            case Directive.Resume:
                child.SendSystemMessage(Resume.Instance);
                break;
            case Directive.Restart:
                child.SendSystemMessage(new Recreate(failed.Cause));
                break;
            case Directive.Escalate:
                _escalatedChild = child;
                HandleInvokeFailure(failed.Cause, null);
                break;
            default:
                StopChild(child);
                break;
        }
    }

    /// <summary>After this actor was resumed or restarted, its child whose failure it escalated follows suit.</summary>
    private void ResumeEscalatedChild(Exception? restartCause = null)
    {
        if (_escalatedChild is not { } child)
        {
            return;
        }

        _escalatedChild = null;
        if (_stoppingChildren?.Contains(child) ?? false)
        {
            return;
        }

        child.SendSystemMessage(restartCause is null ? Resume.Instance : new Recreate(restartCause));
    }

    private void AddWatcher(Watch watch)
    {
        if (watch.Watchee == _self && watch.Watcher != _self)
        {
            (_watchers ??= []).Add(watch.Watcher);
        }
    }

    private void RemoveWatcher(Unwatch unwatch)
    {
        if (unwatch.Watchee == _self)
        {
            _watchers?.Remove(unwatch.Watcher);
        }
    }

    private void HandleDeathWatchNotification(DeathWatchNotification notification)
    {
        // Only the first notification for a watched actor becomes a Terminated: exactly once.
        if (_watching is not null && _watching.Remove(notification.Actor) && !_terminating)
        {
            EnqueuePriority(new Envelope(new Terminated(notification.Actor), notification.Actor));
        }
    }

    private void NotifyWatchersAndUnwatchAll()
    {
        if (_watchers is not null)
        {
            var notification = new DeathWatchNotification(_self);
            foreach (var watcher in _watchers)
            {
                watcher.SendSystemMessage(notification);
            }

            _watchers = null;
        }

        if (_watching is not null)
        {
            foreach (var watchee in _watching)
            {
                watchee.SendSystemMessage(new Unwatch(watchee, _self));
            }

            _watching = null;
        }
    }
}
