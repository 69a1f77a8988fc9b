using System.Collections.Concurrent;
using System.Diagnostics;
using Akka.Actor;
using Akka.TestKit;
using NameServer.Actors.Protocol;
using NameServer.Actors.Protocol.Model;
using NameServer.Actors.Routing.Observability;
using NameServer.Actors.Routing.State;

namespace NameServer.Actors.Routing.TestKit;

/// <summary>
/// One run of a <see cref="ChurnSimulation"/>: the NameServer's actors on an actor system whose scheduler is Akka's
/// <see cref="TestScheduler"/>, the model, and the step loop.
/// </summary>
internal sealed partial class ChurnRun : IDisposable
{
    private static int s_runs;

    private const int BusinessPerm = Perm.Read | Perm.Write;
    private const int SystemTopicPerm = Perm.Read | Perm.Write | Perm.Inherit;
    private static readonly int[] QueueCounts = [4, 8, 16];
    private static readonly string[] NoFilterServers = [];

    private readonly ChurnOptions _options;
    private readonly Random _random;
    private readonly ActorSystem _system;
    private readonly TestScheduler _clock;
    private readonly List<IActorRef> _actors = [];
    private readonly RouteTableState _state;
    private readonly RouteSnapshots _routes = new();
    private readonly IActorRef _routeTable;
    private readonly IActorRef _sessions;
    private readonly IActorRef _watcher;
    private readonly ConcurrentDictionary<IActorRef, byte> _stopped = new();
    private readonly SemaphoreSlim _stopSignal = new(0);
    private readonly SemaphoreSlim _removedSignal = new(0);
    private readonly AnswerBatch _answers;

    private readonly List<SimGroup> _groups = [];
    private readonly Dictionary<string, SimGroup> _groupsByName = new(StringComparer.Ordinal);
    private readonly List<SimBroker> _brokers = [];
    private readonly string[] _topicPool;

    // Old connections of reconnected brokers, closed late.
    private readonly List<(long CloseAtMillis, IActorRef Session, SimBroker Broker)> _stale = [];

    private readonly Dictionary<ChurnEventKind, int> _counts = Enum.GetValues<ChurnEventKind>().ToDictionary(k => k, _ => 0);
    private readonly List<string> _trace = [];
    private readonly long _startMillis;
    private readonly long _endMillis;
    private readonly long _scanMillis;
    private ulong _traceHash = 14695981039346656037UL;
    private long _nowMillis;
    private int _step;
    private long _registrations;
    private int _fullChecks;
    private ClusterInfo? _checkedClusterInfo;

    /// <param name="system">Its scheduler must be a <see cref="TestScheduler"/> (checked by <see cref="ChurnSimulation"/>); the run's
    /// actors are top-level actors named <c>churn-N-...</c>, stopped when the run is disposed.</param>
    public ChurnRun(ChurnOptions options, ActorSystem system)
    {
        _options = options;
        _system = system;
        _clock = (TestScheduler)system.Scheduler;
        _random = new Random(options.Seed);
        _startMillis = _clock.Now.ToUnixTimeMilliseconds();
        _nowMillis = _startMillis;
        _endMillis = _startMillis + (long)options.VirtualDuration.TotalMilliseconds;
        _scanMillis = Math.Max(1, (long)options.ScanInterval.TotalMilliseconds);
        _topicPool = Enumerable.Range(0, options.Topics).Select(i => $"Topic-{i:D5}").ToArray();

        var prefix = $"churn-{Interlocked.Increment(ref s_runs)}-";
        _state = new RouteTableState(options.RouteTableOptions);
        _routeTable = Start(RouteTable.Props(_state, _routes, TimeSpan.FromMilliseconds(_scanMillis)).WithCountingMailbox(system, "route-table"), prefix + "route-table");
        var target = options.InterposeRouteTable is { } interpose ? Start(interpose(_routeTable), prefix + "interposed") : _routeTable;
        _sessions = Start(BrokerSessions.Props(target, new ConnectionEpochs()).WithCountingMailbox(system, "broker-sessions"), prefix + "sessions");
        _watcher = Start(SessionWatcher.Props(_stopped, _stopSignal, _removedSignal), prefix + "session-watcher");
        _answers = new AnswerBatch(system, _watcher.Path);
    }

    private IActorRef Start(Props props, string name)
    {
        var actor = _system.ActorOf(props, name);
        _actors.Add(actor);
        return actor;
    }

    private TimeSpan Elapsed => TimeSpan.FromMilliseconds(_nowMillis - _startMillis);

    public ChurnResult Execute()
    {
        var wall = Stopwatch.StartNew();
        // RouteTable starts its scan timer in PreStart; this answer proves it did so before the clock moves.
        Sync();
        BuildTopology();
        while (_nowMillis < _endMillis)
        {
            RunStep();
        }
        FullCheck();
        wall.Stop();
        return new ChurnResult(
            _options.Seed,
            _step,
            Elapsed,
            wall.Elapsed,
            new Dictionary<ChurnEventKind, int>(_counts),
            _registrations,
            _fullChecks,
            _brokers.Count,
            _brokers.Count(b => b.InNameServer),
            _routes.Count,
            _traceHash,
            _trace.ToArray());
    }

    public void Dispose()
    {
        foreach (var actor in _actors)
        {
            _system.Stop(actor);
        }
        _stopSignal.Dispose();
        _removedSignal.Dispose();
        _answers.Dispose();
    }

    private void BuildTopology()
    {
        var o = _options;
        for (var c = 0; c < o.Clusters; c++)
        {
            var cluster = $"Cluster{c}";
            for (var g = 0; g < o.BrokerGroupsPerCluster; g++)
            {
                var group = new SimGroup(cluster, $"broker-{c}-{g}", zone: null);
                var fiveX = _random.NextDouble() < o.FiveXShare;
                // One host per group, unique up to 2^24 groups; members differ by port.
                var index = _groups.Count;
                var host = $"10.{(index >> 16) & 0xFF}.{(index >> 8) & 0xFF}.{index & 0xFF}";
                for (var id = 0; id <= o.SlavesPerGroup; id++)
                {
                    var port = 10911 + (100 * id);
                    var broker = new SimBroker(_brokers.Count, group, id, $"{host}:{port}", $"{host}:{port + 1}", fiveX)
                    {
                        ReturnAtMillis = _startMillis + RandomMillis(TimeSpan.Zero, o.JoinWindow),
                    };
                    group.Members.Add(broker);
                    _brokers.Add(broker);
                }
                // Brokers always register their cluster-name and broker-name topics (so a table is never a single topic).
                AddTopic(group, cluster, 16, SystemTopicPerm);
                AddTopic(group, group.Name, 1, SystemTopicPerm);
                _groups.Add(group);
                _groupsByName.Add(group.Name, group);
            }
        }
        foreach (var topic in _topicPool)
        {
            var copies = Math.Min(_random.Next(1, o.MaxGroupsPerTopic + 1), _groups.Count);
            for (var placed = 0; placed < copies;)
            {
                var group = _groups[_random.Next(_groups.Count)];
                if (!group.Table.ContainsKey(topic))
                {
                    AddTopic(group, topic, QueueCounts[_random.Next(QueueCounts.Length)], BusinessPerm);
                    placed++;
                }
            }
        }
        foreach (var group in _groups)
        {
            group.NewVersion(_startMillis);
        }
    }

    private static void AddTopic(SimGroup group, string topic, int queues, int perm) =>
        group.Table[topic] = new TopicConfig(topic, queues, queues, perm);

    private void RunStep()
    {
        var length = RandomMillis(_options.MinStep, _options.MaxStep);
        var sinceStart = _nowMillis - _startMillis;
        var nextScan = _startMillis + (((sinceStart / _scanMillis) + 1) * _scanMillis);
        // Stop at every scan instant: the scan then runs with "now" equal to the step's end, as the model assumes.
        var next = Math.Min(Math.Min(_nowMillis + length, nextScan), _endMillis);
        _clock.Advance(TimeSpan.FromMilliseconds(next - _nowMillis));
        _nowMillis = next;
        _step++;
        Hash(-1, -1, next - _startMillis);

        var work = new StepWork();
        if (next == nextScan)
        {
            ExpireSilent(work);
        }
        ChooseEvents(work);
        if (work.Closes.Count > 0 || work.Unregisters.Count > 0)
        {
            RunRemovals(work);
        }
        var answered = RunRegistrations(work);
        WaitForStops(work.Expired, "expired broker's connection to be closed by the NameServer");
        if (!answered && work.Closes.Count == 0 && work.Unregisters.Count == 0)
        {
            // Nothing this step was answered yet: make sure RouteTable has processed the scan before checking.
            Sync();
        }
        CheckStep(work);
        if (_step % _options.FullCheckEverySteps == 0)
        {
            FullCheck();
        }
    }

    private long RandomMillis(TimeSpan min, TimeSpan max) =>
        _random.NextInt64((long)min.TotalMilliseconds, (long)max.TotalMilliseconds + 1);

    private long TimeoutMillis(SimBroker broker) =>
        broker.IsFiveX && _options.FiveXHeartbeatTimeout is { } timeout
            ? (long)timeout.TotalMilliseconds
            : RouteTableState.DefaultHeartbeatTimeoutMillis;

    private void Count(ChurnEventKind kind, SimBroker broker, string? detail = null)
    {
        _counts[kind]++;
        Hash((int)kind, broker.Index, _nowMillis - _startMillis);
        if (_trace.Count < _options.TraceLimit)
        {
            _trace.Add($"step {_step} +{Elapsed}: {kind} {broker}{(detail is null ? "" : " " + detail)}");
        }
    }

    // FNV-1a over the numbers that define an event: cheap enough to cover every periodic re-registration. Times are
    // relative to the start (the TestScheduler starts at the real time its system was created).
    private void Hash(int kind, int broker, long millis)
    {
        Mix((ulong)(uint)kind);
        Mix((ulong)(uint)broker);
        Mix((ulong)millis);

        void Mix(ulong value)
        {
            for (var i = 0; i < 8; i++)
            {
                _traceHash = (_traceHash ^ ((value >> (8 * i)) & 0xFF)) * 1099511628211UL;
            }
        }
    }

    private void Sync() =>
        Await(_routeTable.Ask<TopicList>(new GetTopicsByCluster("\0churn-sync"), Timeout.InfiniteTimeSpan), "a synchronising query to RouteTable");

    private T Await<T>(Task<T> task, string what)
    {
        Await((Task)task, what);
        return task.Result;
    }

    private void Await(Task task, string what)
    {
        try
        {
            if (!task.Wait(_options.AnswerTimeout))
            {
                throw Violation([$"no answer within {_options.AnswerTimeout} (real time) to {what}"]);
            }
        }
        catch (AggregateException e)
        {
            var cause = e.InnerExceptions.Count == 1 ? e.InnerException! : e;
            throw Violation([$"{what} failed: {cause.GetType().Name}: {cause.Message}"], cause);
        }
    }

    /// <summary>
    /// Tells <paramref name="count"/> requests (<paramref name="send"/> gets the index and the sender to use) and
    /// returns their answers in request order; a missing, failed or unexpected answer fails the run.
    /// </summary>
    private T[] Collect<T>(int count, Action<int, IActorRef> send, Func<int, string> describe)
    {
        _answers.Begin(count);
        for (var i = 0; i < count; i++)
        {
            send(i, _answers.Slot(i));
        }
        if (!_answers.Wait(_options.AnswerTimeout))
        {
            throw Violation(_answers.Missing(count)
                .Select(i => $"no answer within {_options.AnswerTimeout} (real time) to {describe(i)}")
                .ToList());
        }
        var results = new T[count];
        var violations = new List<string>();
        for (var i = 0; i < count; i++)
        {
            switch (_answers.Answer(i))
            {
                case Status.Failure failure:
                    violations.Add($"{describe(i)} failed: {failure.Cause.GetType().Name}: {failure.Cause.Message}");
                    break;
                case T answer:
                    results[i] = answer;
                    break;
                case var other:
                    violations.Add($"{describe(i)} was answered with {other?.GetType().Name}, expected {typeof(T).Name}");
                    break;
            }
        }
        if (violations.Count > 0)
        {
            throw Violation(violations);
        }
        return results;
    }

    /// <summary>Waits (real time, bounded) until every given session has stopped.</summary>
    private void WaitForStops(IEnumerable<IActorRef?> sessions, string what)
    {
        var deadline = Stopwatch.StartNew();
        foreach (var session in sessions)
        {
            if (session is null)
            {
                continue;
            }
            while (!_stopped.TryRemove(session, out _))
            {
                if (deadline.Elapsed > _options.AnswerTimeout)
                {
                    throw Violation([$"waited {_options.AnswerTimeout} (real time) for {what}: {session.Path} is still running"]);
                }
                _stopSignal.Wait(TimeSpan.FromMilliseconds(20));
            }
        }
    }

    private ChurnViolationException Violation(IReadOnlyList<string> violations, Exception? inner = null) =>
        new(_options.Seed, _step, Elapsed, violations, inner);

    /// <summary>What one step does, decided before any message is sent.</summary>
    private sealed class StepWork
    {
        private readonly HashSet<int> _touched = [];

        /// <summary>Sessions of brokers expired by this step's scan: the NameServer must close them.</summary>
        public List<IActorRef> Expired { get; } = [];

        public List<(SimBroker Broker, IActorRef Session)> Unregisters { get; } = [];

        public List<IActorRef> Closes { get; } = [];

        /// <summary>Brokers removed this step (expired, crashed, unregistered): none may stay registered.</summary>
        public List<SimBroker> Removed { get; } = [];

        /// <summary>Brokers that register on a new connection this step, with why.</summary>
        public List<(SimBroker Broker, ChurnEventKind Kind)> Opens { get; } = [];

        /// <summary>Brokers that register on their current connection this step, with why.</summary>
        public List<(SimBroker Broker, ChurnEventKind Kind)> Registers { get; } = [];

        /// <summary>Live 5.x brokers that send a heartbeat this step.</summary>
        public List<SimBroker> Heartbeats { get; } = [];

        /// <summary>Groups whose membership or table changed: their routes and cluster info entries are checked.</summary>
        public HashSet<SimGroup> Dirty { get; } = [];

        public HashSet<string> DirtyTopics { get; } = new(StringComparer.Ordinal);

        public bool IsTouched(SimBroker broker) => _touched.Contains(broker.Index);

        public bool Touch(SimBroker broker) => _touched.Add(broker.Index);

        public void MarkDirty(SimGroup group)
        {
            Dirty.Add(group);
            DirtyTopics.UnionWith(group.Allowed);
            DirtyTopics.UnionWith(group.Table.Keys);
        }
    }
}
