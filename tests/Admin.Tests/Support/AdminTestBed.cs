using System.Text.RegularExpressions;
using NameServer.Actors.Client;
using NameServer.Actors.Server;

namespace NameServer.Actors.Admin.Tests.Support;

/// <summary>
/// Two real in-process NameServers, both populated by simulated brokers: ClusterA (broker-a master + slave, broker-b)
/// and ClusterB (broker-c). Topics: TopicA on broker-a, TopicB on broker-b, TopicC on broker-c, Shared on all three.
/// A fresh bed per test, since many commands change the servers.
/// </summary>
public abstract partial class AdminTestBed : IAsyncLifetime
{
    private readonly List<SimulatedBroker> _brokers = [];
    private NameServerService _first = null!;
    private NameServerService _second = null!;

    /// <summary>The first server alone.</summary>
    protected string First => $"127.0.0.1:{_first.EndPoint.Port}";

    protected string Second => $"127.0.0.1:{_second.EndPoint.Port}";

    protected string Both => $"{First};{Second}";

    /// <summary>What NAMESRV_ADDR holds for <see cref="RunAsync"/> (null: unset).</summary>
    protected string? EnvironmentAddress { get; set; }

    public async Task InitializeAsync()
    {
        _first = await StartServerAsync();
        _second = await StartServerAsync();
        await AddBrokerAsync("ClusterA", "broker-a", 0, "127.0.0.1:10911", "TopicA", "Shared");
        await AddBrokerAsync("ClusterA", "broker-a", 1, "127.0.0.2:10911", "TopicA", "Shared");
        await AddBrokerAsync("ClusterA", "broker-b", 0, "127.0.0.3:10911", "TopicB", "Shared");
        await AddBrokerAsync("ClusterB", "broker-c", 0, "127.0.0.4:10911", "TopicC", "Shared");
    }

    public async Task DisposeAsync()
    {
        foreach (var broker in _brokers)
        {
            await broker.DisposeAsync();
        }
        await _first.DisposeAsync();
        await _second.DisposeAsync();
    }

    /// <summary>Runs nsadmin in-process with a short timeout.</summary>
    protected async Task<Outcome> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var settings = new NsAdminSettings
        {
            GetEnvironmentVariable = name => name == NsAdmin.NamesrvAddrVariable ? EnvironmentAddress : null,
            DefaultTimeout = TimeSpan.FromSeconds(3),
        };
        var code = await NsAdmin.RunAsync(args, stdout, stderr, settings).WaitAsync(TimeSpan.FromSeconds(20));
        return new Outcome(code, stdout.ToString(), stderr.ToString());
    }

    protected static NameServerClient ClientFor(string address) =>
        new(new NameServerClientOptions { Addresses = address, RandomStart = false });

    private static async Task<NameServerService> StartServerAsync()
    {
        var server = new NameServerService(
            NameServerSettings.Default with
            {
                Server = NameServerSettings.Default.Server with { ListenPort = 0 },
                Http = NameServerSettings.Default.Http with { HttpEnabled = false },
            },
            persist: false);
        await server.StartAsync(CancellationToken.None);
        return server;
    }

    private async Task AddBrokerAsync(string cluster, string name, long id, string addr, params string[] topics)
    {
        var broker = new SimulatedBroker(
            new SimulatedBrokerOptions(cluster, name, id, addr, addr.Replace(":10911", ":10912", StringComparison.Ordinal))
            {
                Topics = SimulatedBroker.BuildTopicTable(cluster, name, topics),
            },
            new NameServerClientOptions { Addresses = Both });
        _brokers.Add(broker);
        var results = await broker.RegisterAsync();
        Assert.All(results, r => Assert.True(r.Succeeded, r.Error?.Message));
    }

    /// <summary>Exit code and what was printed; <see cref="Text"/> has runs of spaces collapsed for easy matching.</summary>
    public sealed partial record Outcome(int Code, string Stdout, string Stderr)
    {
        public string Text => Spaces().Replace(Stdout, " ");

        public string[] ErrorLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        public override string ToString() => $"exit {Code}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";

        [GeneratedRegex(" {2,}")]
        private static partial Regex Spaces();
    }
}
