using System.Diagnostics;
using Xunit.Sdk;

namespace NameServer.Actors.Runtime.TestKit;

/// <summary>
/// A real actor ref for tests: it records every message told to it (with its sender), can watch
/// actors (their <see cref="Terminated"/> arrives like any message) and offers Akka-style
/// expectations. Expectations wait in real time (default 3 s), because messages are delivered by
/// the thread pool even when the clock is virtual.
/// </summary>
public sealed class TestProbe : IInternalActorRef
{
    /// <summary>The default time an expectation waits.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(3);

    /// <summary>The default time <see cref="ExpectNoMsg"/> waits.</summary>
    public static readonly TimeSpan DefaultNoMessageDuration = TimeSpan.FromMilliseconds(100);

    private static long _counter;

    private readonly Lock _lock = new();
    private readonly Queue<Envelope> _queue = new();
    private readonly SemaphoreSlim _signal = new(0);
    private readonly HashSet<IInternalActorRef> _watching = [];

    /// <summary>Creates a probe in <paramref name="system"/>; the name defaults to <c>testProbe-N</c>.</summary>
    public TestProbe(ActorSystem system, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(system);
        System = system;
        Path = ActorPath.Root.Child("system").Child(name ?? "testProbe-" + Interlocked.Increment(ref _counter));
        LastSender = system.DeadLetters;
    }

    /// <inheritdoc />
    public ActorPath Path { get; }

    /// <inheritdoc />
    public string Name => Path.Name;

    /// <summary>The system the probe belongs to.</summary>
    public ActorSystem System { get; }

    /// <summary>The sender of the last message received by an expectation (dead letters if none).</summary>
    public IActorRef LastSender { get; private set; }

    /// <summary>The last message received by an expectation.</summary>
    public object? LastMessage { get; private set; }

    /// <summary>How many messages are waiting to be expected.</summary>
    public int PendingCount
    {
        get
        {
            lock (_lock)
            {
                return _queue.Count;
            }
        }
    }

    /// <inheritdoc />
    public void Tell(object message, IActorRef? sender = null) => TryTell(message, sender);

    /// <inheritdoc />
    public bool TryTell(object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        Enqueue(new Envelope(message, sender ?? ActorCell.CurrentSelf));
        return true;
    }

    void IInternalActorRef.SendSystemMessage(SystemMessage message)
    {
        if (message is DeathWatchNotification notification)
        {
            bool wasWatching;
            lock (_lock)
            {
                wasWatching = _watching.Remove(notification.Actor);
            }

            if (wasWatching)
            {
                Enqueue(new Envelope(new Terminated(notification.Actor), notification.Actor));
            }
        }

        // A probe never stops, so watches on it need no bookkeeping.
    }

    /// <summary>Tells <paramref name="message"/> to <paramref name="target"/> with this probe as sender.</summary>
    public void Send(IActorRef target, object message)
    {
        ArgumentNullException.ThrowIfNull(target);
        target.Tell(message, this);
    }

    /// <summary>Tells <paramref name="message"/> to the sender of the last received message.</summary>
    public void Reply(object message) => LastSender.Tell(message, this);

    /// <summary>Tells the last received message to <paramref name="target"/>, keeping its original sender.</summary>
    public void Forward(IActorRef target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var message = LastMessage ?? throw new InvalidOperationException("No message has been received yet.");
        target.Tell(message, LastSender);
    }

    /// <summary>Watches <paramref name="target"/>: one <see cref="Terminated"/> arrives when it stops.</summary>
    public IActorRef Watch(IActorRef target)
    {
        var internalTarget = AsInternal(target);
        bool added;
        lock (_lock)
        {
            added = _watching.Add(internalTarget);
        }

        if (added)
        {
            internalTarget.SendSystemMessage(new Watch(internalTarget, this));
        }

        return target;
    }

    /// <summary>Stops watching <paramref name="target"/>; no <see cref="Terminated"/> for it arrives afterwards.</summary>
    public void Unwatch(IActorRef target)
    {
        var internalTarget = AsInternal(target);
        lock (_lock)
        {
            if (!_watching.Remove(internalTarget))
            {
                return;
            }

            // Drop a Terminated that was queued but not yet expected.
            var kept = _queue.Where(e => !(e.Message is Terminated t && t.ActorRef == internalTarget)).ToArray();
            _queue.Clear();
            foreach (var envelope in kept)
            {
                _queue.Enqueue(envelope);
            }
        }

        internalTarget.SendSystemMessage(new Unwatch(internalTarget, this));
    }

    /// <summary>Receives the next message within <paramref name="timeout"/>, or returns null.</summary>
    public object? ReceiveOne(TimeSpan? timeout = null) =>
        TryReceive(timeout ?? DefaultTimeout, out var envelope) ? Record(envelope) : null;

    /// <summary>Expects the next message to be a <typeparamref name="T"/> (matching <paramref name="predicate"/> if given).</summary>
    public T ExpectMsg<T>(Func<T, bool>? predicate = null, TimeSpan? timeout = null)
    {
        var wait = timeout ?? DefaultTimeout;
        if (!TryReceive(wait, out var envelope))
        {
            throw Timeout(wait, Describe<T>(predicate));
        }

        return Check(envelope, predicate);
    }

    /// <summary>Expects the next message to equal <paramref name="expected"/>.</summary>
    public object ExpectMsg(object expected, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(expected);
        var wait = timeout ?? DefaultTimeout;
        if (!TryReceive(wait, out var envelope))
        {
            throw Timeout(wait, $"{expected}");
        }

        return CheckEquals(envelope, expected);
    }

    /// <summary>Expects a <see cref="Terminated"/> for <paramref name="target"/> as the next message.</summary>
    public Terminated ExpectTerminated(IActorRef target, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        var terminated = ExpectMsg<Terminated>(null, timeout);
        return terminated.ActorRef.Equals(target)
            ? terminated
            : throw new XunitException($"Expected Terminated({target.Path}) but received Terminated({terminated.ActorRef.Path}).");
    }

    /// <summary>Expects no message for <paramref name="duration"/> (real time; default 100 ms).</summary>
    public void ExpectNoMsg(TimeSpan? duration = null)
    {
        if (TryReceive(duration ?? DefaultNoMessageDuration, out var envelope))
        {
            Record(envelope);
            throw new XunitException($"Expected no message but received {Show(envelope)}.");
        }
    }

    /// <summary>Skips messages until one is a <typeparamref name="T"/> matching <paramref name="predicate"/>.</summary>
    public T FishForMessage<T>(Func<T, bool> predicate, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var wait = timeout ?? DefaultTimeout;
        var deadline = Stopwatch.StartNew();
        var skipped = new List<string>();
        while (TryReceive(Remaining(wait, deadline), out var envelope))
        {
            Record(envelope);
            if (envelope.Message is T typed && predicate(typed))
            {
                return typed;
            }

            skipped.Add(Show(envelope));
        }

        throw new XunitException(
            $"Timeout ({wait}) while fishing for a matching {typeof(T).Name}; skipped {skipped.Count} message(s)"
            + (skipped.Count == 0 ? "." : ": " + string.Join(", ", skipped.Take(10))));
    }

    /// <summary>Receives the next <paramref name="count"/> messages, all within <paramref name="timeout"/> in total.</summary>
    public IReadOnlyList<object> ReceiveN(int count, TimeSpan? timeout = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var wait = timeout ?? DefaultTimeout;
        var elapsed = Stopwatch.StartNew();
        var received = new List<object>(count);
        while (received.Count < count)
        {
            if (!TryReceive(Remaining(wait, elapsed), out var envelope))
            {
                throw new XunitException(
                    $"Timeout ({wait}) while waiting for {count} messages; received {received.Count}"
                    + (received.Count == 0 ? "." : ": " + string.Join(", ", received)));
            }

            received.Add(Record(envelope));
        }

        return received;
    }

    /// <summary>Expects the next messages to equal <paramref name="expected"/> in any order.</summary>
    public IReadOnlyList<object> ExpectMsgAllOf(params object[] expected) => ExpectMsgAllOf(DefaultTimeout, expected);

    /// <summary>Expects the next messages to equal <paramref name="expected"/> in any order, within <paramref name="timeout"/>.</summary>
    public IReadOnlyList<object> ExpectMsgAllOf(TimeSpan timeout, params object[] expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        var received = ReceiveN(expected.Length, timeout);
        var missing = expected.ToList();
        var unexpected = new List<object>();
        foreach (var message in received)
        {
            var index = missing.FindIndex(m => Equals(m, message));
            if (index >= 0)
            {
                missing.RemoveAt(index);
            }
            else
            {
                unexpected.Add(message);
            }
        }

        return missing.Count == 0
            ? received
            : throw new XunitException(
                $"Expected all of [{string.Join(", ", expected)}] in any order; missing [{string.Join(", ", missing)}], unexpected [{string.Join(", ", unexpected)}].");
    }

    /// <summary>Async variant of <see cref="ExpectMsg{T}"/>.</summary>
    public async Task<T> ExpectMsgAsync<T>(Func<T, bool>? predicate = null, TimeSpan? timeout = null)
    {
        var wait = timeout ?? DefaultTimeout;
        var (received, envelope) = await TryReceiveAsync(wait).ConfigureAwait(false);
        return received ? Check(envelope, predicate) : throw Timeout(wait, Describe<T>(predicate));
    }

    /// <summary>Async variant of <see cref="ExpectTerminated"/>.</summary>
    public async Task<Terminated> ExpectTerminatedAsync(IActorRef target, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        var terminated = await ExpectMsgAsync<Terminated>(null, timeout).ConfigureAwait(false);
        return terminated.ActorRef.Equals(target)
            ? terminated
            : throw new XunitException($"Expected Terminated({target.Path}) but received Terminated({terminated.ActorRef.Path}).");
    }

    /// <summary>Async variant of <see cref="ExpectNoMsg"/>.</summary>
    public async Task ExpectNoMsgAsync(TimeSpan? duration = null)
    {
        var (received, envelope) = await TryReceiveAsync(duration ?? DefaultNoMessageDuration).ConfigureAwait(false);
        if (received)
        {
            Record(envelope);
            throw new XunitException($"Expected no message but received {Show(envelope)}.");
        }
    }

    /// <inheritdoc />
    public override string ToString() => Path.ToString();

    private static IInternalActorRef AsInternal(IActorRef target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return target as IInternalActorRef
            ?? throw new ArgumentException($"{target} is not a ref created by an actor system.", nameof(target));
    }

    private static TimeSpan Remaining(TimeSpan total, Stopwatch elapsed)
    {
        var left = total - elapsed.Elapsed;
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    private static string Describe<T>(Func<T, bool>? predicate) =>
        predicate is null ? $"a message of type {typeof(T).Name}" : $"a {typeof(T).Name} matching the predicate";

    private static XunitException Timeout(TimeSpan wait, string what) =>
        new($"Timeout ({wait}) while waiting for {what}; no message arrived.");

    private static string Show(Envelope envelope) =>
        $"{envelope.Message.GetType().Name} {envelope.Message} from {envelope.Sender?.Path.ToString() ?? "no sender"}";

    private T Check<T>(Envelope envelope, Func<T, bool>? predicate)
    {
        Record(envelope);
        if (envelope.Message is T typed)
        {
            if (predicate is null || predicate(typed))
            {
                return typed;
            }

            throw new XunitException($"Expected {Describe(predicate)} but the received one did not match: {Show(envelope)}.");
        }

        throw new XunitException($"Expected {Describe(predicate)} but received {Show(envelope)}.");
    }

    private object CheckEquals(Envelope envelope, object expected)
    {
        Record(envelope);
        return Equals(envelope.Message, expected)
            ? envelope.Message
            : throw new XunitException($"Expected {expected} but received {Show(envelope)}.");
    }

    private object Record(Envelope envelope)
    {
        LastMessage = envelope.Message;
        LastSender = envelope.Sender ?? System.DeadLetters;
        return envelope.Message;
    }

    private void Enqueue(Envelope envelope)
    {
        lock (_lock)
        {
            _queue.Enqueue(envelope);
        }

        _signal.Release();
    }

    private bool TryDequeue(out Envelope envelope)
    {
        lock (_lock)
        {
            return _queue.TryDequeue(out envelope);
        }
    }

    // The semaphore may count more releases than queued messages (Unwatch drops some), so a
    // wake-up without a message simply waits again.
    private bool TryReceive(TimeSpan timeout, out Envelope envelope)
    {
        var elapsed = Stopwatch.StartNew();
        while (true)
        {
            if (TryDequeue(out envelope))
            {
                return true;
            }

            if (!_signal.Wait(Remaining(timeout, elapsed)))
            {
                return TryDequeue(out envelope);
            }
        }
    }

    private async Task<(bool Received, Envelope Envelope)> TryReceiveAsync(TimeSpan timeout)
    {
        var elapsed = Stopwatch.StartNew();
        while (true)
        {
            if (TryDequeue(out var envelope))
            {
                return (true, envelope);
            }

            if (!await _signal.WaitAsync(Remaining(timeout, elapsed)).ConfigureAwait(false))
            {
                var last = TryDequeue(out envelope);
                return (last, envelope);
            }
        }
    }
}
