using Akka;
using Akka.Actor;
using Akka.Configuration;
using NameServer.Actors.Client.Akka;
using NameServer.Actors.Contracts;
using TestKitBase = Akka.TestKit.Xunit2.TestKit;

namespace NameServer.Actors.Client.Tests.Akka;

/// <summary>The Akka client in one actor system and fake gateways in two others, over Akka.Remote on 127.0.0.1.</summary>
public sealed class NameServerClientActorRemoteTests : TestKitBase, IAsyncLifetime
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(20);
    private static readonly TopicRoute s_a = Routes.Of("broker-a", "10.0.0.1:10911");
    private static readonly TopicRoute s_b = Routes.Of("broker-b", "10.0.0.2:10911");

    private readonly List<ActorSystem> _nameServers = [];

    public NameServerClientActorRemoteTests()
        : base(Remote(), "client")
    {
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var system in _nameServers)
        {
            await system.Terminate();
        }
    }

    private static Config Remote() => ConfigurationFactory.ParseString("""
        akka.actor.provider = remote
        akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0 }
        """).WithFallback(NameServerContracts.Config);

    // A system named like namesrv's, with a fake gateway at /user/gateway; its path as the client writes it.
    private (ActorSystem System, IActorRef Gateway, string Path) NameServer(Dictionary<string, TopicRoute> routes)
    {
        var system = ActorSystem.Create(NameServerContracts.SystemName, Remote());
        _nameServers.Add(system);
        var gateway = system.ActorOf(FakeGateway.Props(CreateTestProbe().Ref, GatewayMode.Normal, routes), "gateway");
        var address = ((ExtendedActorSystem)system).Provider.DefaultAddress;
        return (system, gateway, gateway.Path.ToStringWithAddress(address));
    }

    // Routes crossed the network: compared by what they say, not by reference.
    private static string Describe(object message)
    {
        var change = (TopicRouteChanged)message;
        return $"{change.Topic}: {(change.Route is null ? "none" : string.Join(',', change.Route.BrokerDatas.Select(b => b.BrokerName)))}";
    }

    [Fact]
    public async Task Client_fails_over_to_a_second_NameServer_system_when_the_first_terminates_and_follows_its_changes()
    {
        var (firstSystem, _, firstPath) = NameServer(new() { ["T"] = s_a });
        var (_, second, secondPath) = NameServer(new() { ["T"] = s_b });
        var client = NameServerAkkaClient.Create(Sys, NameServerAkkaClientSettings.Create(firstPath + ";" + secondPath) with
        {
            RequestTimeout = TimeSpan.FromSeconds(2),
        });
        var subscriber = CreateTestProbe();

        client.Subscribe(["T"], subscriber.Ref);
        Assert.Equal("T: broker-a", Describe(subscriber.FishForMessage(m => m is TopicRouteChanged, s_wait)));
        Assert.Equal("broker-a", (await client.GetRouteAsync("T"))!.BrokerDatas[0].BrokerName);
        await firstSystem.Terminate();

        subscriber.FishForMessage(m => m is NameServerLost lost && lost.Gateway == firstPath, s_wait);
        Assert.Equal("T: broker-b", Describe(subscriber.FishForMessage(m => m is TopicRouteChanged, s_wait)));
        await second.Ask<Done>(new FakeGateway.SetRoute("T", null), s_wait);
        Assert.Equal("T: none", Describe(subscriber.FishForMessage(m => m is TopicRouteChanged, s_wait)));
    }
}
