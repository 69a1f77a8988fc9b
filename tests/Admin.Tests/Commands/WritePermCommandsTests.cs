using System.Text.Json.Nodes;
using NameServer.Actors.Admin.Tests.Support;
using NameServer.Actors.Protocol;

namespace NameServer.Actors.Admin.Tests.Commands;

public sealed class WritePermCommandsTests : AdminTestBed
{
    [Fact]
    public async Task WipeWritePerm_clears_write_on_every_nameserver_and_prints_the_topic_counts()
    {
        var result = await RunAsync("wipeWritePerm", "-n", Both, "-b", "broker-b");

        Assert.Equal(ExitCodes.Ok, result.Code);
        Assert.Contains("#NameServer #Result #wipeTopicCount", result.Text);
        // broker-b holds ClusterA, broker-b, TBW102, TopicB and Shared.
        Assert.Contains($"{First} OK 5", result.Text);
        Assert.Contains($"{Second} OK 5", result.Text);
        foreach (var address in new[] { First, Second })
        {
            await using var client = ClientFor(address);
            var route = await client.GetRouteInfoByTopicAsync("TopicB");
            Assert.Equal(0, route.QueueDatas.Single().Perm & Perm.Write);
        }
    }

    [Fact]
    public async Task AddWritePerm_restores_write_on_every_nameserver_and_prints_json_counts()
    {
        await RunAsync("wipeWritePerm", "-n", Both, "-b", "broker-c");

        var result = await RunAsync("addWritePerm", "-n", Both, "-b", "broker-c", "--json");

        Assert.Equal(ExitCodes.Ok, result.Code);
        var servers = JsonNode.Parse(result.Stdout)!.AsArray();
        Assert.All(servers, s => Assert.Equal(5, (int)s!["addTopicCount"]!));
        await using var client = ClientFor(Second);
        var route = await client.GetRouteInfoByTopicAsync("TopicC");
        Assert.Equal(Perm.ReadWrite, route.QueueDatas.Single().Perm & Perm.ReadWrite);
    }

    [Fact]
    public async Task AddWritePerm_prints_the_topic_count_of_each_server_as_a_table()
    {
        var result = await RunAsync("addWritePerm", "-n", Both, "-b", "broker-a");

        Assert.Equal(ExitCodes.Ok, result.Code);
        Assert.Contains("#NameServer #Result #addTopicCount", result.Text);
        // broker-a holds ClusterA, broker-a, TBW102, TopicA and Shared.
        Assert.Contains($"{First} OK 5", result.Text);
        Assert.Contains($"{Second} OK 5", result.Text);
    }

    [Fact]
    public async Task WipeWritePerm_prints_zero_when_the_broker_is_unknown()
    {
        var result = await RunAsync("wipeWritePerm", "-n", First, "-b", "no-such-broker", "--json");

        Assert.Equal(ExitCodes.Ok, result.Code);
        Assert.Equal(0, (int)JsonNode.Parse(result.Stdout)![0]!["wipeTopicCount"]!);
    }

    [Fact]
    public async Task WipeWritePerm_fails_with_a_usage_error_when_the_broker_is_missing()
    {
        var result = await RunAsync("wipeWritePerm", "-n", First);

        Assert.Equal(ExitCodes.Usage, result.Code);
        Assert.Contains("--brokerName", result.Stderr);
    }
}
