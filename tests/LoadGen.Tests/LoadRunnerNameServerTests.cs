using NameServer.Actors.Server;

namespace NameServer.Actors.LoadGen.Tests;

/// <summary>The modes that need a real NameServer, against ours running in-process on a loopback port.</summary>
public sealed class LoadRunnerNameServerTests : IAsyncLifetime
{
    private NameServerService _server = null!;

    private string Address => $"127.0.0.1:{_server.EndPoint.Port}";

    public async Task InitializeAsync()
    {
        _server = new NameServerService(
            NameServerSettings.Default with
            {
                Server = NameServerSettings.Default.Server with { ListenPort = 0 },
                Http = NameServerSettings.Default.Http with { HttpEnabled = false },
            },
            persist: false);
        await _server.StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Mixed_mode_answers_routes_and_counts_registrations_when_the_table_is_populated_first()
    {
        var settings = new LoadSettings
        {
            Mode = LoadMode.Mixed,
            Address = Address,
            Connections = 2,
            Depth = 2,
            Topics = 5,
            PopulateBrokers = 2,
            PopulateTopics = 5,
            Brokers = 3,
            TopicsPerBroker = 2,
            Warmup = TimeSpan.FromMilliseconds(200),
            Duration = TimeSpan.FromMilliseconds(800),
            Ceiling = false,
            Pid = Environment.ProcessId,
        };

        var (exitCode, report) = await LoadRunner.RunAsync(settings, TextWriter.Null, CancellationToken.None);

        Assert.Equal(0, exitCode);
        Assert.NotNull(report);
        Assert.StartsWith("2 brokers x 5 topics", report.Populated, StringComparison.Ordinal);
        Assert.True(report.Route!.Ok > 0);
        Assert.Equal(report.Route.Answers, report.Route.Ok);
        Assert.Empty(report.Route.ErrorsByCode);
        Assert.Equal(3, report.Register!.Registrations);
        Assert.Empty(report.Register.ErrorsByCode);
        Assert.True(report.Server!.PeakRssKb > 0);
        Assert.Contains("register", ReportWriter.ToText(report), StringComparison.Ordinal);
        Assert.Contains("\"requestsPerSecond\"", ReportWriter.ToJson(report), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Route_mode_counts_topic_not_exist_when_the_table_lacks_the_topics()
    {
        var settings = new LoadSettings
        {
            Address = Address,
            Connections = 1,
            TopicList = ["NoSuchTopic"],
            Warmup = TimeSpan.Zero,
            Duration = TimeSpan.FromMilliseconds(300),
            Ceiling = false,
        };

        var (exitCode, report) = await LoadRunner.RunAsync(settings, TextWriter.Null, CancellationToken.None);

        Assert.Equal(0, exitCode);
        Assert.Equal(0, report!.Route!.Ok);
        Assert.True(report.Route.ErrorsByCode["17 TOPIC_NOT_EXIST"] > 0);
    }

    [Fact]
    public async Task Populate_mode_holds_the_table_and_unregisters_when_done()
    {
        var populate = new LoadSettings
        {
            Mode = LoadMode.Populate,
            Address = Address,
            PopulateBrokers = 2,
            PopulateTopics = 3,
            Duration = TimeSpan.FromMilliseconds(100),
        };

        var (exitCode, report) = await LoadRunner.RunAsync(populate, TextWriter.Null, CancellationToken.None);

        Assert.Equal(0, exitCode);
        Assert.StartsWith("2 brokers x 3 topics", report!.Populated, StringComparison.Ordinal);
        var route = new LoadSettings
        {
            Address = Address,
            Connections = 1,
            TopicList = ["Topic-0"],
            Warmup = TimeSpan.Zero,
            Duration = TimeSpan.FromMilliseconds(200),
            Ceiling = false,
        };
        var (_, after) = await LoadRunner.RunAsync(route, TextWriter.Null, CancellationToken.None);
        Assert.Equal(0, after!.Route!.Ok);
        Assert.True(after.Route.ErrorsByCode["17 TOPIC_NOT_EXIST"] > 0);
    }

    [Fact]
    public async Task Populate_mode_gives_each_broker_its_own_topics_when_distinct()
    {
        var settings = new LoadSettings
        {
            Mode = LoadMode.Route,
            Address = Address,
            Connections = 1,
            Topics = 6,
            PopulateBrokers = 2,
            PopulateTopics = 3,
            PopulateDistinct = true,
            Warmup = TimeSpan.Zero,
            Duration = TimeSpan.FromMilliseconds(300),
            Ceiling = false,
        };

        var (exitCode, report) = await LoadRunner.RunAsync(settings, TextWriter.Null, CancellationToken.None);

        Assert.Equal(0, exitCode);
        Assert.StartsWith("2 brokers x 3 distinct topics each", report!.Populated, StringComparison.Ordinal);
        // Topic-0..Topic-5 all exist (three on each broker); shared, Topic-3..5 would answer TOPIC_NOT_EXIST.
        Assert.True(report.Route!.Ok > 0);
        Assert.Empty(report.Route.ErrorsByCode);
    }
}
