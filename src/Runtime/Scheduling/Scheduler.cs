using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace NameServer.Actors.Runtime;

/// <summary>
/// The system scheduler. Every delay is a timer from the injected <see cref="TimeProvider"/>
/// (only <see cref="TimeProvider.CreateTimer"/> is used), so a manual clock drives it in tests.
/// </summary>
internal sealed class Scheduler : IScheduler
{
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly ConcurrentDictionary<ScheduledTell, byte> _active = new();
    private volatile bool _shutDown;
    private long _lateTicks;

    internal Scheduler(TimeProvider time, ILogger log)
    {
        _time = time;
        _log = log;
    }

    internal TimeProvider Time => _time;

    internal ILogger Log => _log;

    /// <summary>Periodic ticks that fired more than one interval late so far.</summary>
    internal long LateTicks => Interlocked.Read(ref _lateTicks);

    internal void CountLateTick() => Interlocked.Increment(ref _lateTicks);

    public ICancelable ScheduleTellOnce(TimeSpan delay, IActorRef receiver, object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        ArgumentNullException.ThrowIfNull(message);
        CheckDelay(delay, nameof(delay));
        return Start(new ScheduledTell(this, receiver, message, sender, Timeout.InfiniteTimeSpan), delay);
    }

    public ICancelable ScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, IActorRef receiver, object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        ArgumentNullException.ThrowIfNull(message);
        CheckDelay(initialDelay, nameof(initialDelay));
        if (interval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(interval), interval, "The interval must be positive.");
        }

        return Start(new ScheduledTell(this, receiver, message, sender, interval), initialDelay);
    }

    /// <summary>Cancels everything still pending; later schedules are cancelled at once.</summary>
    internal void Shutdown()
    {
        _shutDown = true;
        foreach (var tell in _active.Keys)
        {
            tell.Cancel();
        }
    }

    internal void Remove(ScheduledTell tell) => _active.TryRemove(tell, out _);

    private static void CheckDelay(TimeSpan delay, string name)
    {
        if (delay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(name, delay, "The delay must not be negative.");
        }
    }

    private ScheduledTell Start(ScheduledTell tell, TimeSpan delay)
    {
        if (_shutDown)
        {
            tell.Cancel();
            return tell;
        }

        _active.TryAdd(tell, 0);
        tell.Start(delay);
        return tell;
    }
}

/// <summary>
/// One scheduled delivery. Periodic deliveries re-arm a one-shot timer against the expected
/// instant (start + k·interval), which keeps them drift-free and lets lateness be measured.
/// </summary>
internal sealed class ScheduledTell : ICancelable
{
    private readonly Scheduler _scheduler;
    private readonly IActorRef _receiver;
    private readonly object _message;
    private readonly IActorRef? _sender;
    private readonly TimeSpan _interval;
    private readonly Lock _lock = new();
    private ITimer? _timer;
    private DateTimeOffset _expected;
    private volatile bool _cancelled;

    internal ScheduledTell(Scheduler scheduler, IActorRef receiver, object message, IActorRef? sender, TimeSpan interval)
    {
        _scheduler = scheduler;
        _receiver = receiver;
        _message = message;
        _sender = sender;
        _interval = interval;
    }

    public bool IsCancellationRequested => _cancelled;

    private bool IsPeriodic => _interval != Timeout.InfiniteTimeSpan;

    public void Cancel()
    {
        ITimer? timer;
        lock (_lock)
        {
            _cancelled = true;
            timer = _timer;
            _timer = null;
        }

        timer?.Dispose();
        _scheduler.Remove(this);
    }

    internal void Start(TimeSpan delay)
    {
        // The lock keeps a timer that fires immediately from running before _timer is assigned.
        lock (_lock)
        {
            if (_cancelled)
            {
                return;
            }

            _expected = _scheduler.Time.GetUtcNow() + delay;
            _timer = _scheduler.Time.CreateTimer(static s => ((ScheduledTell)s!).Fire(), this, delay, Timeout.InfiniteTimeSpan);
        }
    }

    private void Fire()
    {
        lock (_lock)
        {
            if (_cancelled)
            {
                return;
            }

            if (!IsPeriodic)
            {
                _cancelled = true;
                _timer?.Dispose();
                _timer = null;
            }
            else
            {
                var now = _scheduler.Time.GetUtcNow();
                var lateness = now - _expected;
                if (lateness > _interval)
                {
                    _scheduler.CountLateTick();
                    _scheduler.Log.LogWarning(
                        "Scheduled tick of {MessageType} to {Receiver} fired {Lateness} late (interval {Interval}); the process may be overloaded or was paused",
                        _message.GetType().Name,
                        _receiver.Path,
                        lateness,
                        _interval);

                    // Skip the missed ticks instead of firing a burst.
                    _expected = now;
                }

                _expected += _interval;
                var delay = _expected - now;
                _timer?.Change(delay < TimeSpan.Zero ? TimeSpan.Zero : delay, Timeout.InfiniteTimeSpan);
            }
        }

        if (!IsPeriodic)
        {
            _scheduler.Remove(this);
        }

        _receiver.Tell(_message, _sender);
    }
}
