using Microsoft.Extensions.Logging;

namespace NameServer.Actors.Runtime;

/// <summary>
/// A hierarchy of actors under the <c>/user</c> guardian, with a scheduler, an event stream and
/// dead letters. Disposing it (or <see cref="Terminate"/>) stops every actor, children before
/// parents; afterwards every Tell goes to dead letters.
/// </summary>
public sealed class ActorSystem : IAsyncDisposable
{
    private readonly ActorCell _guardian;
    private readonly TaskCompletionSource _terminated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ILogger _log;
    private int _terminateRequested;
    private long _tempCounter;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<ActorCell, byte> _cells = new();

    private ActorSystem(string name, ActorSystemOptions options)
    {
        Name = name;
        Options = options;
        _log = options.LoggerFactory.CreateLogger(typeof(ActorSystem).FullName!);
        var root = ActorPath.Root;
        TempPath = root.Child("temp");
        DeadLettersRef = new DeadLetterActorRef(this, root.Child("deadLetters"), options.LoggerFactory.CreateLogger("NameServer.Actors.Runtime.DeadLetters"));
        EventStream = new EventStream();
        SchedulerImpl = new Scheduler(options.Time, options.LoggerFactory.CreateLogger(typeof(Scheduler).FullName!));
        var strategy = options.GuardianStrategy ?? SupervisorStrategy.DefaultStrategy;
        _guardian = new ActorCell(this, Props.Create(() => new GuardianActor(strategy)), null, root.Child("user"));
        _guardian.Start();
    }

    /// <summary>The system's name.</summary>
    public string Name { get; }

    /// <summary>The clock of the system.</summary>
    public TimeProvider Time => Options.Time;

    /// <summary>The logger factory of the system.</summary>
    public ILoggerFactory LoggerFactory => Options.LoggerFactory;

    /// <summary>The scheduler, driven by <see cref="Time"/>.</summary>
    public IScheduler Scheduler => SchedulerImpl;

    /// <summary>Publish/subscribe of system events (<see cref="DeadLetter"/>, <see cref="UnhandledMessage"/>...).</summary>
    public EventStream EventStream { get; }

    /// <summary>The ref that receives undeliverable messages.</summary>
    public IActorRef DeadLetters => DeadLettersRef;

    /// <summary>How many dead letters were recorded so far.</summary>
    public long DeadLetterCount => DeadLettersRef.Count;

    /// <summary>Periodic scheduled ticks that fired more than one interval late (the process was overloaded or paused).</summary>
    public long LateTicks => SchedulerImpl.LateTicks;

    /// <summary>Live actors per kind (the actor class's name).</summary>
    public IReadOnlyDictionary<string, int> ActorCounts() => Tally(_ => 1);

    /// <summary>Messages waiting in the mailboxes of live actors, summed per kind (the actor class's name).</summary>
    public IReadOnlyDictionary<string, int> MailboxDepths() => Tally(cell => cell.QueuedCount);

    private Dictionary<string, int> Tally(Func<ActorCell, int> measure)
    {
        var tally = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var cell in _cells.Keys)
        {
            var kind = cell.Props.ActorType.Name;
            tally[kind] = tally.GetValueOrDefault(kind) + measure(cell);
        }
        return tally;
    }

    internal void Register(ActorCell cell) => _cells.TryAdd(cell, 0);

    internal void Unregister(ActorCell cell) => _cells.TryRemove(cell, out _);

    /// <summary>Completes once every actor has stopped after <see cref="Terminate"/>.</summary>
    public Task WhenTerminated => _terminated.Task;

    internal ActorSystemOptions Options { get; }

    internal DeadLetterActorRef DeadLettersRef { get; }

    internal Scheduler SchedulerImpl { get; }

    internal ActorPath TempPath { get; }

    /// <summary>Creates a system. The name may contain letters, digits, '-' and '_'.</summary>
    public static ActorSystem Create(string name, ActorSystemOptions? options = null)
    {
        if (string.IsNullOrEmpty(name) || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw new ArgumentException($"Invalid actor system name '{name}': use letters, digits, '-' and '_'.", nameof(name));
        }

        options ??= new ActorSystemOptions();
        if (options.Throughput < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Throughput, "Throughput must be at least 1.");
        }

        ArgumentNullException.ThrowIfNull(options.Time, "options.Time");
        ArgumentNullException.ThrowIfNull(options.LoggerFactory, "options.LoggerFactory");
        return new ActorSystem(name, options);
    }

    /// <summary>Creates a top-level actor under <c>/user</c>; names must be unique, null generates <c>$a</c>, <c>$b</c>...</summary>
    public IActorRef ActorOf(Props props, string? name = null)
    {
        if (Volatile.Read(ref _terminateRequested) != 0)
        {
            throw new InvalidOperationException($"Actor system '{Name}' is terminating.");
        }

        return _guardian.Spawn(props, name);
    }

    /// <summary>Stops <paramref name="actor"/> (after the message it is processing; children first).</summary>
    public void Stop(IActorRef actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor is IInternalActorRef target)
        {
            target.SendSystemMessage(Runtime.Terminate.Instance);
        }
        else
        {
            throw new ArgumentException($"{actor} is not a ref created by an actor system.", nameof(actor));
        }
    }

    /// <summary>Stops every actor (children before parents, each PostStop runs) and completes when done.</summary>
    public Task Terminate()
    {
        if (Interlocked.Exchange(ref _terminateRequested, 1) == 0)
        {
            _log.LogDebug("Actor system {System} terminating", Name);
            _guardian.PostSystem(Runtime.Terminate.Instance);
        }

        return WhenTerminated;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await Terminate().ConfigureAwait(false);

    /// <inheritdoc />
    public override string ToString() => $"ActorSystem({Name})";

    internal long NextTempId() => Interlocked.Increment(ref _tempCounter);

    internal void OnGuardianTerminated()
    {
        Interlocked.Exchange(ref _terminateRequested, 1);
        SchedulerImpl.Shutdown();
        _log.LogDebug("Actor system {System} terminated", Name);
        _terminated.TrySetResult();
    }

    /// <summary>The <c>/user</c> guardian: handles no messages, supervises top-level actors.</summary>
    private sealed class GuardianActor(SupervisorStrategy strategy) : ActorBase
    {
        protected internal override bool OnReceive(object message) => false;

        protected override SupervisorStrategy SupervisorStrategy() => strategy;
    }
}
