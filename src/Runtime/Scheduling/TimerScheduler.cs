namespace NameServer.Actors.Runtime;

/// <summary>
/// Keyed timers of one actor. Used only from the actor's own thread. Each start creates a new
/// <see cref="TimerFired"/> wrapper; the actor accepts a wrapper only if it is still the current
/// one for its key, so cancelled or replaced timers never deliver a stale message.
/// </summary>
internal sealed class TimerScheduler : ITimerScheduler
{
    private readonly ActorCell _cell;
    private readonly Dictionary<object, Entry> _timers = [];

    internal TimerScheduler(ActorCell cell)
    {
        _cell = cell;
    }

    public void StartSingleTimer(object key, object message, TimeSpan delay) =>
        Start(key, message, delay, Timeout.InfiniteTimeSpan);

    public void StartPeriodicTimer(object key, object message, TimeSpan initialDelay, TimeSpan interval)
    {
        if (interval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(interval), interval, "The interval must be positive.");
        }

        Start(key, message, initialDelay, interval);
    }

    public void StartPeriodicTimer(object key, object message, TimeSpan interval) =>
        StartPeriodicTimer(key, message, interval, interval);

    public bool IsTimerActive(object key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _timers.ContainsKey(key);
    }

    public void Cancel(object key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_timers.Remove(key, out var entry))
        {
            entry.Handle.Cancel();
        }
    }

    public void CancelAll()
    {
        foreach (var entry in _timers.Values)
        {
            entry.Handle.Cancel();
        }

        _timers.Clear();
    }

    /// <summary>Returns the wrapped message if the timer is still current, removing single timers.</summary>
    internal bool TryAccept(TimerFired fired, out object message)
    {
        if (_timers.TryGetValue(fired.Key, out var entry) && ReferenceEquals(entry.Fired, fired))
        {
            if (!entry.Periodic)
            {
                _timers.Remove(fired.Key);
            }

            message = fired.Message;
            return true;
        }

        message = fired;
        return false;
    }

    private void Start(object key, object message, TimeSpan delay, TimeSpan interval)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(message);
        Cancel(key);
        var fired = new TimerFired(key, message);
        var scheduler = _cell.System.Scheduler;
        var periodic = interval != Timeout.InfiniteTimeSpan;
        var handle = periodic
            ? scheduler.ScheduleTellRepeatedly(delay, interval, _cell.Self, fired)
            : scheduler.ScheduleTellOnce(delay, _cell.Self, fired);
        _timers[key] = new Entry(fired, handle, periodic);
    }

    private sealed record Entry(TimerFired Fired, ICancelable Handle, bool Periodic);
}

/// <summary>The envelope of an actor-timer message; compared by identity.</summary>
internal sealed class TimerFired
{
    internal TimerFired(object key, object message)
    {
        Key = key;
        Message = message;
    }

    internal object Key { get; }

    internal object Message { get; }
}
