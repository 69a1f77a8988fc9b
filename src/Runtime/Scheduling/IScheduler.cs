namespace NameServer.Actors.Runtime;

/// <summary>A handle to a scheduled action.</summary>
public interface ICancelable
{
    /// <summary>True once <see cref="Cancel"/> has been called.</summary>
    bool IsCancellationRequested { get; }

    /// <summary>Prevents any further delivery; idempotent.</summary>
    void Cancel();
}

/// <summary>Delivers messages later, driven by the actor system's <see cref="TimeProvider"/>.</summary>
public interface IScheduler
{
    /// <summary>Tells <paramref name="message"/> to <paramref name="receiver"/> once after <paramref name="delay"/>.</summary>
    ICancelable ScheduleTellOnce(TimeSpan delay, IActorRef receiver, object message, IActorRef? sender = null);

    /// <summary>
    /// Tells <paramref name="message"/> after <paramref name="initialDelay"/> and then every
    /// <paramref name="interval"/>. A tick that fires later than one interval past its expected
    /// time logs a warning.
    /// </summary>
    ICancelable ScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, IActorRef receiver, object message, IActorRef? sender = null);
}

/// <summary>
/// Per-actor keyed timers (Akka's ITimerScheduler). Timer messages are delivered to the actor
/// itself; a cancelled or replaced timer never delivers a stale message, and all timers are
/// cancelled when the actor stops or restarts.
/// </summary>
public interface ITimerScheduler
{
    /// <summary>Delivers <paramref name="message"/> once after <paramref name="delay"/>; replaces a timer with the same key.</summary>
    void StartSingleTimer(object key, object message, TimeSpan delay);

    /// <summary>Delivers <paramref name="message"/> after <paramref name="initialDelay"/> and then every <paramref name="interval"/>.</summary>
    void StartPeriodicTimer(object key, object message, TimeSpan initialDelay, TimeSpan interval);

    /// <summary>Delivers <paramref name="message"/> every <paramref name="interval"/>, starting after one interval.</summary>
    void StartPeriodicTimer(object key, object message, TimeSpan interval);

    /// <summary>True while the timer with <paramref name="key"/> may still deliver.</summary>
    bool IsTimerActive(object key);

    /// <summary>Cancels the timer with <paramref name="key"/>, if any.</summary>
    void Cancel(object key);

    /// <summary>Cancels every timer of the actor.</summary>
    void CancelAll();
}
