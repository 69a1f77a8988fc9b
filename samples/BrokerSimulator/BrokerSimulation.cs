using System.Text.Json;
using NameServer.Actors.Client;

namespace NameServer.Actors.BrokerSimulator;

/// <summary>Runs the simulated brokers of one <see cref="SimulatorSettings"/> and reports what happened.</summary>
public sealed class BrokerSimulation
{
    private readonly SimulatorSettings _settings;
    private readonly TextWriter _out;
    private readonly object _outputGate = new();
    private readonly Dictionary<BrokerEventKind, int> _counts = Enum.GetValues<BrokerEventKind>().ToDictionary(k => k, _ => 0);

    public BrokerSimulation(SimulatorSettings settings, TextWriter output)
    {
        _settings = settings;
        _out = output;
    }

    /// <summary>
    /// Registers every broker, re-registers every period, applies the crash/silence schedule, and stops when
    /// <paramref name="cancellationToken"/> fires or the duration is over. Returns the process exit code:
    /// 0, or 3 when no registration ever succeeded.
    /// </summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var brokers = CreateBrokers();
        try
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (_settings.Duration is { } duration)
            {
                stop.CancelAfter(duration);
            }
            var tasks = brokers.Select(b => b.Broker.RunAsync(_settings.Period, stop.Token)).ToList();
            tasks.Add(AfterAsync(_settings.CrashAfter, _settings.Crash, b => b.Crash(), brokers, stop.Token));
            tasks.Add(AfterAsync(_settings.SilenceAfter, _settings.Silence, b => b.Silence(), brokers, stop.Token));
            await Task.WhenAll(tasks).ConfigureAwait(false);

            if (_settings.UnregisterOnExit)
            {
                // Silenced brokers play hung processes: they never get to unregister.
                await Task.WhenAll(brokers
                    .Where(b => b.Broker.State == SimulatedBrokerState.Running)
                    .Select(b => b.Broker.UnregisterAsync(CancellationToken.None))).ConfigureAwait(false);
            }
            WriteSummary(brokers.Select(b => b.Broker).ToList());
            return brokers.Any(b => b.Broker.Registrations > 0) ? 0 : 3;
        }
        finally
        {
            foreach (var (_, broker) in brokers)
            {
                await broker.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private List<(int Group, SimulatedBroker Broker)> CreateBrokers()
    {
        var clientOptions = new NameServerClientOptions
        {
            Addresses = string.Join(';', _settings.NameServers),
            Version = _settings.Version,
        };
        var brokers = new List<(int, SimulatedBroker)>();
        for (var group = 0; group < _settings.Brokers; group++)
        {
            var cluster = _settings.ClusterName(group);
            var name = SimulatorSettings.BrokerName(group);
            var topics = SimulatedBroker.BuildTopicTable(
                cluster,
                name,
                SimulatedBroker.BusinessTopicsFor(group, _settings.Brokers, _settings.Topics));
            for (long id = 0; id <= _settings.Slaves; id++)
            {
                var port = _settings.Port(group, id);
                var broker = new SimulatedBroker(
                    new SimulatedBrokerOptions(cluster, name, id, $"{_settings.Host}:{port}", $"{_settings.Host}:{port + 1}")
                    {
                        Topics = topics,
                        Compressed = _settings.Compressed,
                    },
                    clientOptions);
                broker.EventRaised += OnEvent;
                brokers.Add((group, broker));
            }
        }
        return brokers;
    }

    private async Task AfterAsync(
        TimeSpan delay,
        IReadOnlyList<string> targets,
        Action<SimulatedBroker> action,
        List<(int Group, SimulatedBroker Broker)> brokers,
        CancellationToken cancellationToken)
    {
        if (targets.Count == 0)
        {
            return;
        }
        try
        {
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        foreach (var (group, broker) in brokers)
        {
            if (_settings.Matches(targets, group, broker))
            {
                action(broker);
            }
        }
    }

    private void OnEvent(BrokerEvent e)
    {
        lock (_outputGate)
        {
            _counts[e.Kind]++;
            if (!_settings.Quiet)
            {
                _out.WriteLine(
                    $"{e.Time:yyyy-MM-ddTHH:mm:ss.fffZ} {Kind(e.Kind),-19} {e.ClusterName}/{e.BrokerName}/{e.BrokerId} {e.BrokerAddr} {e.Detail}");
            }
        }
    }

    private void WriteSummary(IReadOnlyList<SimulatedBroker> brokers)
    {
        lock (_outputGate)
        {
            var states = brokers.GroupBy(b => b.State).ToDictionary(g => g.Key.ToString().ToLowerInvariant(), g => g.Count());
            if (_settings.Json)
            {
                var summary = new Dictionary<string, object>
                {
                    ["nameServers"] = _settings.NameServers,
                    ["brokers"] = brokers.Count,
                    ["groups"] = _settings.Brokers,
                    ["clusters"] = _settings.Clusters,
                    ["version"] = _settings.Version,
                    ["events"] = _counts.ToDictionary(c => Kind(c.Key), c => c.Value),
                    ["finalStates"] = states,
                    ["slavesWithMaster"] = brokers.Count(b => !b.IsMaster && b.MasterAddr is not null),
                };
                _out.WriteLine(JsonSerializer.Serialize(summary));
            }
            else
            {
                _out.WriteLine(
                    $"summary: {brokers.Count} brokers ({_settings.Brokers} groups, {_settings.Clusters} clusters) on {_settings.NameServers.Count} NameServers; " +
                    string.Join(", ", _counts.Select(c => $"{Kind(c.Key)} {c.Value}")) +
                    $"; final states: {string.Join(", ", states.Select(s => $"{s.Key} {s.Value}"))}");
            }
        }
    }

    private static string Kind(BrokerEventKind kind) => kind switch
    {
        BrokerEventKind.Registered => "registered",
        BrokerEventKind.Reregistered => "re-registered",
        BrokerEventKind.RegistrationFailed => "registration-failed",
        BrokerEventKind.Crashed => "crashed",
        BrokerEventKind.Silenced => "silenced",
        BrokerEventKind.Unregistered => "unregistered",
        _ => kind.ToString(),
    };
}
