namespace NameServer.Actors.Runtime;

/// <summary>
/// An actor whose behaviour is a list of typed handlers registered in the constructor (or inside
/// <see cref="Become"/>). The first matching handler wins; anything else goes to <c>Unhandled</c>.
/// Behaviours: <see cref="Become"/> replaces the current one, <see cref="BecomeStacked"/> pushes a
/// new one on top and <see cref="UnbecomeStacked"/> pops back to the previous one.
/// </summary>
public abstract class ReceiveActor : ActorBase
{
    private readonly List<Handler[]> _behaviours = [];
    private List<Handler>? _building = [];
    private Handler[] _current = [];

    /// <summary>Handles messages of type <typeparamref name="T"/>.</summary>
    protected void Receive<T>(Action<T> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Add(new SyncHandler<T>(null, handler));
    }

    /// <summary>Handles messages of type <typeparamref name="T"/> that satisfy <paramref name="when"/>.</summary>
    protected void Receive<T>(Predicate<T> when, Action<T> handler)
    {
        ArgumentNullException.ThrowIfNull(when);
        ArgumentNullException.ThrowIfNull(handler);
        Add(new SyncHandler<T>(when, handler));
    }

    /// <summary>
    /// Handles messages of type <typeparamref name="T"/> asynchronously: the actor processes no
    /// other message until the returned task completes; a faulted task is a failure of the actor.
    /// </summary>
    protected void ReceiveAsync<T>(Func<T, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Add(new AsyncHandler<T>(null, handler));
    }

    /// <summary>Like <see cref="ReceiveAsync{T}(Func{T, Task})"/> for messages satisfying <paramref name="when"/>.</summary>
    protected void ReceiveAsync<T>(Predicate<T> when, Func<T, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(when);
        ArgumentNullException.ThrowIfNull(handler);
        Add(new AsyncHandler<T>(when, handler));
    }

    /// <summary>Handles every message not matched by an earlier handler.</summary>
    protected void ReceiveAny(Action<object> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Add(new SyncHandler<object>(null, handler));
    }

    /// <summary>Replaces the current behaviour with the handlers registered by <paramref name="configure"/>.</summary>
    protected void Become(Action configure)
    {
        var handlers = Build(configure);
        if (_behaviours.Count == 0)
        {
            _behaviours.Add(handlers);
        }
        else
        {
            _behaviours[^1] = handlers;
        }

        _current = handlers;
    }

    /// <summary>Pushes a new behaviour; <see cref="UnbecomeStacked"/> returns to the current one.</summary>
    protected void BecomeStacked(Action configure)
    {
        var handlers = Build(configure);
        _behaviours.Add(handlers);
        _current = handlers;
    }

    /// <summary>Pops the behaviour pushed by <see cref="BecomeStacked"/>; the initial behaviour is never popped.</summary>
    protected void UnbecomeStacked()
    {
        if (_behaviours.Count > 1)
        {
            _behaviours.RemoveAt(_behaviours.Count - 1);
            _current = _behaviours[^1];
        }
    }

    /// <inheritdoc />
    protected internal sealed override bool OnReceive(object message)
    {
        foreach (var handler in _current)
        {
            if (handler.TryHandle(message, Cell))
            {
                return true;
            }
        }

        return false;
    }

    internal override void AfterConstruction()
    {
        // Handlers registered in the constructor form the initial behaviour (unless it called Become).
        if (_behaviours.Count == 0)
        {
            _current = [.. _building ?? []];
            _behaviours.Add(_current);
        }

        _building = null;
    }

    private Handler[] Build(Action configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var outer = _building;
        _building = [];
        try
        {
            configure();
            return [.. _building];
        }
        finally
        {
            _building = outer;
        }
    }

    private void Add(Handler handler)
    {
        if (_building is null)
        {
            throw new InvalidOperationException(
                "Receive handlers can only be registered in the actor's constructor or inside Become/BecomeStacked.");
        }

        _building.Add(handler);
    }

    private abstract class Handler
    {
        public abstract bool TryHandle(object message, ActorCell cell);
    }

    private sealed class SyncHandler<T>(Predicate<T>? when, Action<T> action) : Handler
    {
        public override bool TryHandle(object message, ActorCell cell)
        {
            if (message is T typed && (when is null || when(typed)))
            {
                action(typed);
                return true;
            }

            return false;
        }
    }

    private sealed class AsyncHandler<T>(Predicate<T>? when, Func<T, Task> action) : Handler
    {
        public override bool TryHandle(object message, ActorCell cell)
        {
            if (message is T typed && (when is null || when(typed)))
            {
                cell.RunAsyncHandler(action, typed);
                return true;
            }

            return false;
        }
    }
}
