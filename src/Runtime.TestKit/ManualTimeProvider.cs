namespace NameServer.Actors.Runtime.TestKit;

/// <summary>
/// A virtual clock. Time moves only through <see cref="Advance"/> (or <see cref="SetUtcNow"/>),
/// which fires every timer falling due, in due-time order (ties in creation order), each with
/// <see cref="GetUtcNow"/> equal to its due time while its callback runs; timers created or
/// changed by callbacks fire in the same advance when they fall due within it. Thread-safe.
/// </summary>
public sealed class ManualTimeProvider : TimeProvider
{
    /// <summary>The default start instant: 2024-01-01T00:00:00Z.</summary>
    public static readonly DateTimeOffset DefaultStart = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly Lock _lock = new();
    private readonly Lock _advanceLock = new();
    private readonly List<ManualTimer> _active = [];
    private DateTimeOffset _now;
    private long _nextSequence;

    /// <summary>Creates a clock starting at <see cref="DefaultStart"/>.</summary>
    public ManualTimeProvider()
        : this(DefaultStart)
    {
    }

    /// <summary>Creates a clock starting at <paramref name="start"/>.</summary>
    public ManualTimeProvider(DateTimeOffset start)
    {
        _now = start.ToUniversalTime();
    }

    /// <inheritdoc />
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <inheritdoc />
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <summary>How many timers are waiting to fire.</summary>
    public int ActiveTimerCount
    {
        get
        {
            lock (_lock)
            {
                return _active.Count;
            }
        }
    }

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _now;
        }
    }

    /// <inheritdoc />
    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    /// <summary>Creates a timer that fires only when the clock is advanced past its due time.</summary>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        ManualTimer timer;
        lock (_lock)
        {
            timer = new ManualTimer(this, callback, state, _nextSequence++);
        }

        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock forward by <paramref name="delta"/>, firing every timer that falls due.</summary>
    public void Advance(TimeSpan delta)
    {
        if (delta < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(delta), delta, "The clock cannot go backwards.");
        }

        lock (_advanceLock)
        {
            DateTimeOffset target;
            lock (_lock)
            {
                target = _now + delta;
            }

            RunUntil(target);
        }
    }

    /// <summary>Moves the clock forward to <paramref name="value"/>, firing every timer that falls due.</summary>
    public void SetUtcNow(DateTimeOffset value)
    {
        var delta = value - GetUtcNow();
        if (delta < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "The clock cannot go backwards.");
        }

        Advance(delta);
    }

    /// <summary>
    /// Moves the clock forward without firing anything, as if the process had been frozen; the
    /// overdue timers fire (late) on the next <see cref="Advance"/>, e.g. <c>Advance(TimeSpan.Zero)</c>.
    /// </summary>
    public void Jump(TimeSpan delta)
    {
        if (delta < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(delta), delta, "The clock cannot go backwards.");
        }

        lock (_lock)
        {
            _now += delta;
        }
    }

    private void RunUntil(DateTimeOffset target)
    {
        while (true)
        {
            TimerCallback callback;
            object? state;
            lock (_lock)
            {
                var next = NextDue(target);
                if (next is null)
                {
                    if (target > _now)
                    {
                        _now = target;
                    }

                    return;
                }

                if (next.Due > _now)
                {
                    _now = next.Due;
                }

                if (next.Period > TimeSpan.Zero)
                {
                    // A periodic timer overdue by more than a period (after Jump) does not catch up in a burst.
                    next.Due = next.Due + next.Period > _now ? next.Due + next.Period : _now + next.Period;
                }
                else
                {
                    _active.Remove(next);
                    next.IsActive = false;
                }

                callback = next.Callback;
                state = next.State;
            }

            // Outside the lock: callbacks may create, change or dispose timers.
            callback(state);
        }
    }

    private ManualTimer? NextDue(DateTimeOffset target)
    {
        ManualTimer? best = null;
        foreach (var timer in _active)
        {
            if (timer.Due <= target
                && (best is null || timer.Due < best.Due || (timer.Due == best.Due && timer.Sequence < best.Sequence)))
            {
                best = timer;
            }
        }

        return best;
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state, long sequence) : ITimer
    {
        private bool _disposed;

        public TimerCallback Callback { get; } = callback;

        public object? State { get; } = state;

        public long Sequence { get; } = sequence;

        public DateTimeOffset Due { get; set; }

        public TimeSpan Period { get; private set; }

        public bool IsActive { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            Validate(dueTime, nameof(dueTime));
            Validate(period, nameof(period));
            lock (owner._lock)
            {
                if (_disposed)
                {
                    return false;
                }

                if (dueTime == Timeout.InfiniteTimeSpan)
                {
                    Deactivate();
                    return true;
                }

                Due = owner._now + dueTime;
                Period = period == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : period;
                if (!IsActive)
                {
                    IsActive = true;
                    owner._active.Add(this);
                }

                return true;
            }
        }

        public void Dispose()
        {
            lock (owner._lock)
            {
                _disposed = true;
                Deactivate();
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }

        private static void Validate(TimeSpan value, string name)
        {
            if (value < TimeSpan.Zero && value != Timeout.InfiniteTimeSpan)
            {
                throw new ArgumentOutOfRangeException(name, value, "Must be non-negative or infinite.");
            }
        }

        private void Deactivate()
        {
            if (IsActive)
            {
                IsActive = false;
                owner._active.Remove(this);
            }
        }
    }
}
