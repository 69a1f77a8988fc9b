using NameServer.Actors.Client;
using NameServer.Actors.Server;

namespace NameServer.Actors.EndToEnd.Tests;

/// <summary>5.x split registration: a large topic table arrives as several registrations sharing one DataVersion.</summary>
public sealed class SplitRegistrationTests
{
    [Fact]
    public async Task NameServer_routes_every_topic_when_a_broker_splits_its_registration()
    {
        await using var server = new NameServerService(
            NameServerSettings.Default with
            {
                Server = NameServerSettings.Default.Server with { ListenPort = 0 },
                Http = NameServerSettings.Default.Http with { HttpEnabled = false },
            },
            persist: false);
        await server.StartAsync(CancellationToken.None);
        var topics = Enumerable.Range(0, 2_500).Select(i => $"Split-{i}").ToArray();
        await using var broker = new SimulatedBroker(
            new SimulatedBrokerOptions("DefaultCluster", "broker-a", 0, "127.0.0.1:10911", "127.0.0.1:10912")
            {
                Topics = SimulatedBroker.BuildTopicTable("DefaultCluster", "broker-a", topics),
                SplitRegistrationSize = 800,
            },
            new NameServerClientOptions { Addresses = $"127.0.0.1:{server.EndPoint.Port}" });
        await using var client = new NameServerClient($"127.0.0.1:{server.EndPoint.Port}");

        var first = await broker.RegisterAsync();
        var again = await broker.RegisterAsync();

        Assert.All(first.Concat(again), r => Assert.True(r.Succeeded));
        Assert.Equal(2, broker.Registrations);
        var all = await client.GetAllTopicListAsync();
        Assert.Superset(topics.ToHashSet(), all.Topics.ToHashSet());
        var route = await client.GetRouteInfoByTopicAsync("Split-2499");
        Assert.Equal("broker-a", Assert.Single(route.BrokerDatas).BrokerName);
    }
}
