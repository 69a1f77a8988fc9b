using System.Diagnostics;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using NameServer.Actors.Protocol;
using NameServer.Actors.Protocol.Headers;
using NameServer.Actors.Routing;
using NameServer.Actors.Routing.Config;
using NameServer.Actors.Routing.Kv;
using NameServer.Actors.Routing.Observability;
using NameServer.Actors.Server.Hosting;

namespace NameServer.Actors.Server.Tests.Hosting;

/// <summary>
/// The NameServer inside an Akka.Hosting platform: its actors in the platform's <c>ActorSystem</c>, its listeners as a
/// hosted service of the same host, on free loopback ports.
/// </summary>
public sealed class NameServerAkkaHostingExtensionsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("platform-").FullName;
    private readonly FakeLogCollector _log = new();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private HostApplicationBuilder Builder(params (string Key, string Value)[] configuration)
    {
        var builder = TestHost.Builder(_dir, configuration);
        builder.Logging.AddProvider(new FakeLoggerProvider(_log));
        return builder;
    }

    // The platform's own Akka set-up: its logging through the host's, as Akka.Hosting offers it.
    private static void Platform(AkkaConfigurationBuilder akka, IServiceProvider sp) =>
        akka.ConfigureLoggers(l => l.AddLoggerFactory()).WithNameServer(sp);

    [Fact]
    public async Task WithNameServer_registers_every_actor_in_the_registry_when_the_platform_system_starts()
    {
        var builder = Builder();
        builder.Services.AddNameServerListeners(builder.Configuration);
        builder.Services.AddAkka("platform", Platform);
        using var host = builder.Build();
        await host.StartAsync();

        var routeTable = host.Services.GetRequiredService<IRequiredActor<RouteTable>>().ActorRef;

        Assert.Equal("akka://platform/user/nameserver/route-table", routeTable.Path.ToString());
        Assert.Equal("akka://platform/user/nameserver/sessions", host.Services.GetRequiredService<IRequiredActor<BrokerSessions>>().ActorRef.Path.ToString());
        Assert.Equal("akka://platform/user/nameserver/kv-config", host.Services.GetRequiredService<IRequiredActor<KvConfig>>().ActorRef.Path.ToString());
        Assert.Equal("akka://platform/user/nameserver/namesrv-config", host.Services.GetRequiredService<IRequiredActor<NamesrvConfig>>().ActorRef.Path.ToString());
        var root = host.Services.GetRequiredService<IRequiredActor<RoutingCore>>().ActorRef;
        var core = await RoutingCore.OfRootAsync(root, CancellationToken.None);
        Assert.Same(routeTable, core.RouteTable);
        Assert.Same(core.Routes, host.Services.GetRequiredService<NameServerListeners>().Core.Routes);
        await host.StopAsync();
    }

    [Fact]
    public async Task WithNameServer_adds_the_mailboxes_and_keeps_the_platform_loggers_when_the_platform_configures_its_own()
    {
        var builder = Builder();
        builder.Services.AddNameServerListeners(builder.Configuration);
        builder.Services.AddAkka("platform", Platform);
        using var host = builder.Build();
        await host.StartAsync();

        var config = host.Services.GetRequiredService<ActorSystem>().Settings.Config;

        Assert.True(config.HasPath(RoutingConfig.MailboxId("route-table")));
        Assert.DoesNotContain(config.GetStringList("akka.loggers"), l => l.Contains(nameof(MicrosoftLogger), StringComparison.Ordinal));
        Assert.Equal(TimeSpan.FromSeconds(NameServerSettings.Default.Server.ShutdownWaitTimeSeconds + 5),
            config.GetTimeSpan("akka.coordinated-shutdown.phases.service-unbind.timeout"));
        Assert.True(ActorMetrics.Get(host.Services.GetRequiredService<ActorSystem>()).ActorCounts()["RouteTable"] == 1);
        await host.StopAsync();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AddNameServerListeners_serves_brokers_over_tcp_and_stops_before_the_actor_system_when_registered_before_or_after_AddAkka(
        bool listenersFirst)
    {
        var builder = Builder(("nameserver:shutdownWaitTimeSeconds", "5"));
        if (listenersFirst)
        {
            builder.Services.AddNameServerListeners(builder.Configuration);
        }
        builder.Services.AddAkka("platform", Platform);
        if (!listenersFirst)
        {
            builder.Services.AddNameServerListeners(builder.Configuration);
        }
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
        using var host = builder.Build();
        await host.StartAsync();
        var listeners = host.Services.GetRequiredService<NameServerListeners>();
        var system = host.Services.GetRequiredService<ActorSystem>();
        var routeTable = host.Services.GetRequiredService<IRequiredActor<RouteTable>>().ActorRef;
        await using var broker = await RawConnection.ConnectAsync(listeners.EndPoint);
        Assert.Equal(ResponseCode.Success, (await broker.InvokeAsync(ServerTestBase.Registration("broker-a", 0, "10.0.0.1:10911", ["TopicA", "TopicB"]))).Code);
        var deadLettersBefore = ActorMetrics.Get(system).DeadLetters;

        // A registration in flight when the host stops: RouteTable is kept busy so that it waits in its mailbox. Their
        // answers go to Nobody, which drops them: an actor of the test's own would still hold thousands of them when the
        // system terminates on a loaded machine, and they would count as dead letters of the test's making. On a fast
        // run RouteTable can get through the heartbeats and the registration before the test sees it in flight: then
        // that registration is answered as usual and the next attempt queues more heartbeats before its own.
        Task<RemotingCommand>? registration = null;
        for (var attempt = 1; attempt <= 5 && registration is null; attempt++)
        {
            for (var i = 0; i < attempt * 200_000; i++)
            {
                routeTable.Tell(new BrokerHeartbeat("DefaultCluster", "10.0.0.1:10911"), ActorRefs.Nobody);
            }
            var sent = broker.InvokeAsync(ServerTestBase.Registration(
                "broker-a", 0, "10.0.0.1:10911", ["TopicA", "TopicB", "TopicC"], counter: attempt + 1));
            Assert.True(SpinWait.SpinUntil(() => listeners.Lifecycle.InFlight > 0 || sent.IsCompleted, TimeSpan.FromSeconds(10)));
            if (listeners.Lifecycle.InFlight > 0)
            {
                registration = sent;
            }
            else
            {
                Assert.Equal(ResponseCode.Success, (await sent).Code);
            }
        }
        Assert.NotNull(registration);
        var stopwatch = Stopwatch.StartNew();
        await host.StopAsync();
        stopwatch.Stop();

        Assert.Equal(ResponseCode.Success, (await registration).Code);
        Assert.True(system.WhenTerminated.IsCompleted);
        Assert.Equal(ServerState.Stopped, listeners.Lifecycle.State);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"stopped in {stopwatch.Elapsed}");
        Assert.Equal(deadLettersBefore, ActorMetrics.Get(system).DeadLetters);
        Assert.DoesNotContain(_log.GetSnapshot(), r => r.Level >= LogLevel.Warning);
        Assert.DoesNotContain(_log.GetSnapshot(), r => r.Message.Contains("dead letter", StringComparison.OrdinalIgnoreCase));
        Assert.True(await RawConnection.IsRefusedByServerAsync(listeners.EndPoint, TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task AddNameServerListeners_stops_the_listeners_first_when_the_platform_runs_its_coordinated_shutdown()
    {
        var builder = Builder();
        builder.Services.AddAkka("platform", Platform);
        builder.Services.AddNameServerListeners(builder.Configuration);
        using var host = builder.Build();
        await host.StartAsync();
        var listeners = host.Services.GetRequiredService<NameServerListeners>();
        var system = host.Services.GetRequiredService<ActorSystem>();
        var stopping = host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        var listenersStoppedBeforeTermination = false;
        CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate, "check", () =>
        {
            listenersStoppedBeforeTermination = listeners.Lifecycle.State is ServerState.Stopped;
            return Task.FromResult(Akka.Done.Instance);
        });

        // As a cluster leaving or the platform's own code would.
        await CoordinatedShutdown.Get(system).Run(CoordinatedShutdown.ClusterLeavingReason.Instance);

        Assert.True(listenersStoppedBeforeTermination);
        Assert.True(await RawConnection.IsRefusedByServerAsync(listeners.EndPoint, TimeSpan.FromSeconds(5)));
        // Akka.Hosting stops the host once its system has terminated.
        await WaitUntil(() => stopping.IsCancellationRequested);
        await host.StopAsync();
    }

    [Fact]
    public async Task AddNameServerListeners_answers_route_queries_over_the_actors_of_the_platform_when_a_broker_registered()
    {
        var builder = Builder();
        builder.Services.AddNameServerListeners(builder.Configuration);
        builder.Services.AddAkka("platform", Platform);
        using var host = builder.Build();
        await host.StartAsync();
        var listeners = host.Services.GetRequiredService<NameServerListeners>();
        await using var broker = await RawConnection.ConnectAsync(listeners.EndPoint);

        var registered = await broker.InvokeAsync(ServerTestBase.Registration("broker-a", 0, "10.0.0.1:10911", ["TopicA", "TopicB"]));
        Assert.Equal((ResponseCode.Success, (string?)null), (registered.Code, registered.Remark));

        var route = await broker.InvokeAsync(ServerTestBase.RouteRequest("TopicA"));
        Assert.Equal((ResponseCode.Success, (string?)null), (route.Code, route.Remark));
        var answer = await host.Services.GetRequiredService<IRequiredActor<RouteTable>>().ActorRef.Ask<RouteAnswer>(new GetRoute("TopicA"));
        Assert.Equal("broker-a", Assert.Single(answer.Route!.BrokerDatas).BrokerName);
        await host.StopAsync();
    }

    [Theory]
    [InlineData("nameserver:listenPort", "70000", "listenPort 70000 is not a TCP port")]
    [InlineData("nameserver:security:aclEnable", "yes", "security.aclEnable 'yes' is not true or false")]
    public void AddNameServerListeners_refuses_a_configuration_with_an_unusable_value_naming_the_key(string key, string value, string message)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();

        var error = Assert.Throws<SettingsException>(() => new ServiceCollection().AddNameServerListeners(configuration));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public async Task WithNameServer_refuses_settings_other_than_those_of_the_listeners_when_both_are_registered()
    {
        var builder = Builder();
        builder.Services.AddNameServerListeners(builder.Configuration);
        builder.Services.AddAkka("platform", (akka, sp) => akka.WithNameServer(sp, NameServerSettings.Default));
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());

        Assert.Contains("AddNameServerListeners registered others", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithNameServer_reads_the_host_configuration_when_no_listeners_are_registered()
    {
        var builder = Builder(("nameserver:scanNotActiveBrokerInterval", "3s"));
        builder.Services.AddAkka("platform", Platform);
        using var host = builder.Build();
        await host.StartAsync();

        var root = host.Services.GetRequiredService<IRequiredActor<RoutingCore>>().ActorRef;

        var core = await RoutingCore.OfRootAsync(root, CancellationToken.None);
        Assert.Equal(TimeSpan.FromSeconds(3), core.Config.Settings.ScanNotActiveBrokerInterval);
        await host.StopAsync();
    }

    [Fact]
    public async Task WithNameServer_stops_the_host_start_and_leaves_the_file_when_the_kv_file_is_corrupt()
    {
        var kvPath = Path.Combine(_dir, "kv.json");
        await File.WriteAllTextAsync(kvPath, "{ not json");
        var builder = Builder();
        builder.Services.AddNameServerListeners(builder.Configuration);
        builder.Services.AddAkka("platform", Platform);
        using var host = builder.Build();

        await Assert.ThrowsAsync<KvConfigFileException>(() => host.StartAsync());

        Assert.Equal("{ not json", await File.ReadAllTextAsync(kvPath));
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 10 s");
            await Task.Delay(5);
        }
    }
}
