using System.Globalization;
using NameServer.Actors.Protocol;
using NameServer.Actors.Protocol.Model;

namespace NameServer.Actors.Client;

/// <summary>Identity and behaviour of a <see cref="SimulatedBroker"/>.</summary>
public sealed record SimulatedBrokerOptions(
    string ClusterName,
    string BrokerName,
    long BrokerId,
    string BrokerAddr,
    string HaServerAddr)
{
    /// <summary>Topic table; null = <see cref="SimulatedBroker.BuildTopicTable"/> with no business topics.</summary>
    public IEnumerable<TopicConfig>? Topics { get; init; }

    /// <summary>Send the zlib form of the registration body.</summary>
    public bool Compressed { get; init; }

    /// <summary>Timeout of one registration (Java: 6 s in 4.9.8, 24 s in 5.3.3).</summary>
    public TimeSpan RegisterTimeout { get; init; } = TimeSpan.FromSeconds(6);

    /// <summary>
    /// Sent as <c>enableActingMaster</c>; null = decided by the client version (5.x brokers send false, 4.9 ones
    /// nothing).
    /// </summary>
    public bool? EnableActingMaster { get; init; }

    /// <summary>5.x <c>heartbeatTimeoutMillis</c>; null = not sent (the server's 120 s default applies).</summary>
    public long? HeartbeatTimeoutMillis { get; init; }

    /// <summary>
    /// 5.x <c>enableSplitRegistration</c> with <c>splitRegistrationSize</c>: a table larger than this goes out as
    /// several registrations of at most this many topics, sharing one DataVersion (how 5.x brokers stay under the
    /// frame limit with 100,000 topics). 0 (the default) = one registration.
    /// </summary>
    public int SplitRegistrationSize { get; init; }
}

/// <summary>What happened to a simulated broker.</summary>
public enum BrokerEventKind
{
    Registered,
    Reregistered,
    RegistrationFailed,
    Crashed,
    Silenced,
    Unregistered,
}

/// <summary>One event of a simulated broker; <see cref="Detail"/> is human-readable.</summary>
public sealed record BrokerEvent(
    DateTimeOffset Time,
    BrokerEventKind Kind,
    string ClusterName,
    string BrokerName,
    long BrokerId,
    string BrokerAddr,
    string Detail);

/// <summary>Life-cycle state of a <see cref="SimulatedBroker"/>.</summary>
public enum SimulatedBrokerState
{
    Running,
    Silenced,
    Crashed,
    Unregistered,
}

/// <summary>
/// A broker that only talks to NameServers, for load tests and end-to-end tests: it registers its topic table with
/// every NameServer of the list (each on its own connection, as real brokers do), re-registers periodically, keeps a
/// DataVersion that changes only when its topics change, and can crash (connections reset, no unregister), fall
/// silent (connections kept, no more registrations) or unregister. Slaves remember the master address they are told.
/// </summary>
public sealed class SimulatedBroker : IAsyncDisposable
{
    /// <summary>The topic producers fall back to (<c>TBW102</c>).</summary>
    public const string AutoCreateTopicKey = "TBW102";

    private readonly object _gate = new();
    private readonly SimulatedBrokerOptions _options;
    private readonly NameServerClient _client;
    private readonly TimeProvider _time;
    private Dictionary<string, TopicConfig> _topics;
    private DataVersion _dataVersion;
    private int _registrations;
    private volatile SimulatedBrokerState _state = SimulatedBrokerState.Running;

    public SimulatedBroker(SimulatedBrokerOptions options, NameServerClientOptions clientOptions)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clientOptions);
        ArgumentException.ThrowIfNullOrEmpty(options.ClusterName);
        ArgumentException.ThrowIfNullOrEmpty(options.BrokerName);
        ArgumentException.ThrowIfNullOrEmpty(options.BrokerAddr);
        ArgumentOutOfRangeException.ThrowIfNegative(options.BrokerId);
        _options = options;
        _client = new NameServerClient(clientOptions);
        _time = clientOptions.TimeProvider;
        _topics = (options.Topics ?? BuildTopicTable(options.ClusterName, options.BrokerName, []))
            .ToDictionary(t => t.TopicName, StringComparer.Ordinal);
        _dataVersion = new DataVersion(_time.GetUtcNow().ToUnixTimeMilliseconds(), 1);
    }

    /// <summary>Raised for every registration outcome and state change (on the calling thread).</summary>
    public event Action<BrokerEvent>? EventRaised;

    public string ClusterName => _options.ClusterName;

    public string BrokerName => _options.BrokerName;

    public long BrokerId => _options.BrokerId;

    public string BrokerAddr => _options.BrokerAddr;

    public bool IsMaster => _options.BrokerId == 0;

    public SimulatedBrokerState State => _state;

    /// <summary>The NameServers this broker registers with.</summary>
    public IReadOnlyList<string> NameServers => _client.Addresses;

    /// <summary>Successful registration rounds (at least one NameServer accepted).</summary>
    public int Registrations => Volatile.Read(ref _registrations);

    /// <summary>The master address the NameServers last told this broker (slaves only; null until known).</summary>
    public string? MasterAddr { get; private set; }

    public DataVersion DataVersion
    {
        get
        {
            lock (_gate)
            {
                return _dataVersion;
            }
        }
    }

    public IReadOnlyDictionary<string, TopicConfig> Topics
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<string, TopicConfig>(_topics, StringComparer.Ordinal);
            }
        }
    }

    /// <summary>
    /// The table a fresh broker has: a topic named after its cluster and one after itself (perm 7), <c>TBW102</c>,
    /// and the given business topics (4 queues, read/write).
    /// </summary>
    public static IReadOnlyList<TopicConfig> BuildTopicTable(string clusterName, string brokerName, IEnumerable<string> businessTopics)
    {
        const int all = Perm.Read | Perm.Write | Perm.Inherit;
        var table = new List<TopicConfig>
        {
            new(clusterName, 16, 16, all),
            new(brokerName, 1, 1, all),
            new(AutoCreateTopicKey, 8, 8, all),
        };
        table.AddRange(businessTopics.Where(t => t != clusterName && t != brokerName && t != AutoCreateTopicKey)
            .Distinct(StringComparer.Ordinal)
            .Select(t => new TopicConfig(t, 4, 4, Perm.ReadWrite)));
        return table;
    }

    /// <summary>
    /// <paramref name="perBroker"/> business topic names for group <paramref name="groupIndex"/> of
    /// <paramref name="groupCount"/>: consecutive windows over a pool of <c>max(perBroker, groupCount)</c> names
    /// <c>Topic-i</c>, so that most topics live on several groups.
    /// </summary>
    public static IReadOnlyList<string> BusinessTopicsFor(int groupIndex, int groupCount, int perBroker)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(groupIndex);
        ArgumentOutOfRangeException.ThrowIfNegative(perBroker);
        var pool = Math.Max(perBroker, Math.Max(groupCount, 1));
        return Enumerable.Range(0, perBroker)
            .Select(j => string.Create(CultureInfo.InvariantCulture, $"Topic-{(groupIndex + j) % pool}"))
            .ToList();
    }

    /// <summary>Replaces the topic table; the DataVersion moves on only if something changed. Returns whether it did.</summary>
    public bool SetTopics(IEnumerable<TopicConfig> topics)
    {
        ArgumentNullException.ThrowIfNull(topics);
        var table = topics.ToDictionary(t => t.TopicName, StringComparer.Ordinal);
        lock (_gate)
        {
            if (DictionaryEquality.Equal<string, TopicConfig>(table, _topics))
            {
                return false;
            }
            _topics = table;
            _dataVersion = new DataVersion(_time.GetUtcNow().ToUnixTimeMilliseconds(), _dataVersion.Counter + 1);
            return true;
        }
    }

    /// <summary>Adds or replaces one topic (DataVersion moves on if it changed).</summary>
    public bool PutTopic(TopicConfig topic)
    {
        ArgumentNullException.ThrowIfNull(topic);
        var table = Topics.Values.Where(t => t.TopicName != topic.TopicName).Append(topic);
        return SetTopics(table);
    }

    /// <summary>Registers with every NameServer once and reports per server; raises one event.</summary>
    public async Task<IReadOnlyList<ServerResult<RegisterBrokerResult>>> RegisterAsync(CancellationToken cancellationToken = default)
    {
        if (_state is SimulatedBrokerState.Crashed or SimulatedBrokerState.Unregistered)
        {
            throw new InvalidOperationException($"Broker {Describe()} is {_state} and cannot register.");
        }
        List<RegisterBrokerRequest> requests;
        lock (_gate)
        {
            requests = Chunks().Select(chunk => new RegisterBrokerRequest(
                _options.ClusterName,
                _options.BrokerAddr,
                _options.BrokerName,
                _options.BrokerId,
                _options.HaServerAddr,
                new RegisterBrokerBody(new TopicConfigSerializeWrapper(_dataVersion, chunk), []))
            {
                Compressed = _options.Compressed,
                EnableActingMaster = _options.EnableActingMaster
                    ?? (_client.Options.Version >= MqVersion.V5_0_0 ? false : null),
                HeartbeatTimeoutMillis = _options.HeartbeatTimeoutMillis,
            }).ToList();
        }
        // Chunks go one after another, as the Java broker sends them; the round's outcome is that of the last one.
        IReadOnlyList<ServerResult<RegisterBrokerResult>> results = [];
        foreach (var chunk in requests)
        {
            results = await _client.RegisterBrokerOnAllAsync(chunk, _options.RegisterTimeout, cancellationToken)
                .ConfigureAwait(false);
        }
        var topicCount = requests.Sum(r => r.Body.TopicConfigSerializeWrapper.TopicConfigTable.Count);
        if (_state == SimulatedBrokerState.Crashed)
        {
            // Crashed while this round was in flight: its failures are the crash, not news.
            return results;
        }
        var succeeded = results.Where(r => r.Succeeded).ToList();
        if (succeeded.Count > 0)
        {
            var first = Interlocked.Increment(ref _registrations) == 1;
            if (!IsMaster)
            {
                MasterAddr = succeeded.Select(r => r.Value!.MasterAddr).FirstOrDefault(a => a is not null);
            }
            var detail = $"on {succeeded.Count}/{results.Count} NameServers, {topicCount} topics" +
                (requests.Count > 1 ? $" in {requests.Count} registrations" : string.Empty) +
                $", dataVersion {requests[0].Body.TopicConfigSerializeWrapper.DataVersion.Counter}" +
                (IsMaster ? string.Empty : $", masterAddr={MasterAddr ?? "null"}") +
                Failures(results);
            Raise(first ? BrokerEventKind.Registered : BrokerEventKind.Reregistered, detail);
        }
        else
        {
            Raise(BrokerEventKind.RegistrationFailed, "on every NameServer" + Failures(results));
        }
        return results;
    }

    // Caller holds _gate.
    private IEnumerable<Dictionary<string, TopicConfig>> Chunks()
    {
        var size = _options.SplitRegistrationSize;
        if (size <= 0 || _topics.Count <= size)
        {
            yield return new Dictionary<string, TopicConfig>(_topics, StringComparer.Ordinal);
            yield break;
        }
        foreach (var chunk in _topics.Chunk(size))
        {
            yield return chunk.ToDictionary(StringComparer.Ordinal);
        }
    }

    /// <summary>
    /// Registers now and then every <paramref name="period"/> (on the client's clock) until cancelled, crashed or
    /// unregistered; while silenced it only waits.
    /// </summary>
    public async Task RunAsync(TimeSpan period, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(period, TimeSpan.Zero);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                if (_state == SimulatedBrokerState.Running)
                {
                    await RegisterAsync(cancellationToken).ConfigureAwait(false);
                }
                if (_state is SimulatedBrokerState.Crashed or SimulatedBrokerState.Unregistered)
                {
                    return;
                }
                await Task.Delay(period, _time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Normal stop.
        }
        catch (InvalidOperationException) when (_state is SimulatedBrokerState.Crashed or SimulatedBrokerState.Unregistered)
        {
            // Crashed or unregistered while a round was starting.
        }
    }

    /// <summary>Resets every NameServer connection without unregistering, like a killed process.</summary>
    public void Crash()
    {
        if (_state is SimulatedBrokerState.Crashed or SimulatedBrokerState.Unregistered)
        {
            return;
        }
        _state = SimulatedBrokerState.Crashed;
        _client.AbortConnections();
        Raise(BrokerEventKind.Crashed, "connections reset, not unregistered");
    }

    /// <summary>Stops re-registering but keeps the connections open (a hung broker): NameServers must expire it.</summary>
    public void Silence()
    {
        if (_state != SimulatedBrokerState.Running)
        {
            return;
        }
        _state = SimulatedBrokerState.Silenced;
        Raise(BrokerEventKind.Silenced, "no more registrations, connections kept open");
    }

    /// <summary>Sends <c>UNREGISTER_BROKER</c> to every NameServer (as a broker does at shutdown).</summary>
    public async Task<IReadOnlyList<ServerResult>> UnregisterAsync(CancellationToken cancellationToken = default)
    {
        if (_state is SimulatedBrokerState.Crashed or SimulatedBrokerState.Unregistered)
        {
            return [];
        }
        _state = SimulatedBrokerState.Unregistered;
        var results = await _client.UnregisterBrokerOnAllAsync(
            _options.ClusterName,
            _options.BrokerAddr,
            _options.BrokerName,
            _options.BrokerId,
            _client.Options.RequestTimeout,
            cancellationToken).ConfigureAwait(false);
        Raise(BrokerEventKind.Unregistered, $"on {results.Count(r => r.Succeeded)}/{results.Count} NameServers" + Failures(results));
        return results;
    }

    public ValueTask DisposeAsync() => _client.DisposeAsync();

    public override string ToString() => Describe();

    private string Describe() =>
        string.Create(CultureInfo.InvariantCulture, $"{_options.ClusterName}/{_options.BrokerName}/{_options.BrokerId}@{_options.BrokerAddr}");

    private static string Failures<T>(IReadOnlyList<ServerResult<T>> results) =>
        Failures(results.Select(r => (r.Address, r.Error)));

    private static string Failures(IReadOnlyList<ServerResult> results) =>
        Failures(results.Select(r => (r.Address, r.Error)));

    private static string Failures(IEnumerable<(string Address, Exception? Error)> results)
    {
        var failed = results.Where(r => r.Error is not null).Select(r => $"{r.Address}: {r.Error!.Message}").ToList();
        return failed.Count == 0 ? string.Empty : $"; failed: {string.Join("; ", failed)}";
    }

    private void Raise(BrokerEventKind kind, string detail) =>
        EventRaised?.Invoke(new BrokerEvent(
            _time.GetUtcNow(),
            kind,
            _options.ClusterName,
            _options.BrokerName,
            _options.BrokerId,
            _options.BrokerAddr,
            detail));
}
