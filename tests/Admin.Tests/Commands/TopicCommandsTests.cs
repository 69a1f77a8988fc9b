using System.Text.Json.Nodes;
using NameServer.Actors.Admin.Tests.Support;
using NameServer.Actors.Client;
using NameServer.Actors.Protocol;

namespace NameServer.Actors.Admin.Tests.Commands;

public sealed class TopicCommandsTests : AdminTestBed
{
    [Fact]
    public async Task TopicRoute_prints_brokers_and_queues_when_the_topic_exists()
    {
        var result = await RunAsync("topicRoute", "-n", First, "-t", "TopicA");

        Assert.Equal(ExitCodes.Ok, result.Code);
        Assert.Contains("#Broker Name #Cluster #BID #Addr", result.Text);
        Assert.Contains("broker-a ClusterA 0 127.0.0.1:10911", result.Text);
        Assert.Contains("broker-a ClusterA 1 127.0.0.2:10911", result.Text);
        Assert.Contains("broker-a 4 4 6 (RW) 0", result.Text);
        Assert.DoesNotContain("broker-b", result.Text);
    }

    [Fact]
    public async Task TopicRoute_prints_the_route_json_when_json_is_asked()
    {
        var result = await RunAsync("topicRoute", "-n", First, "-t", "Shared", "--json");

        Assert.Equal(ExitCodes.Ok, result.Code);
        var route = JsonNode.Parse(result.Stdout)!;
        Assert.Equal(
            ["broker-a", "broker-b", "broker-c"],
            route["brokerDatas"]!.AsArray().Select(b => (string?)b!["brokerName"]).Order(StringComparer.Ordinal));
        Assert.Equal(3, route["queueDatas"]!.AsArray().Count);
        Assert.Equal("127.0.0.2:10911", (string?)route["brokerDatas"]!.AsArray().Single(b => (string?)b!["brokerName"] == "broker-a")!["brokerAddrs"]!["1"]);
    }

    [Fact]
    public async Task TopicRoute_fails_with_code_17_on_one_line_when_the_topic_is_unknown()
    {
        var result = await RunAsync("topicRoute", "-n", First, "-t", "NoSuchTopic");

        Assert.Equal(ExitCodes.ServerError, result.Code);
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains(First, line);
        Assert.Contains("17", line);
        Assert.Contains("TOPIC_NOT_EXIST", line);
        Assert.Contains("NoSuchTopic", line);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public async Task TopicList_prints_every_topic_sorted()
    {
        var result = await RunAsync("topicList", "-n", First);

        Assert.Equal(ExitCodes.Ok, result.Code);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("#Topic", lines[0]);
        Assert.Subset(lines.ToHashSet(), new HashSet<string> { "TopicA", "TopicB", "TopicC", "Shared", "TBW102", "ClusterA", "broker-c" });
        Assert.Equal(lines.Skip(1).Order(StringComparer.Ordinal), lines.Skip(1));
    }

    [Fact]
    public async Task TopicList_prints_a_json_array_when_json_is_asked()
    {
        var result = await RunAsync("topicList", "-n", Second, "--json");

        Assert.Equal(ExitCodes.Ok, result.Code);
        var topics = JsonNode.Parse(result.Stdout)!.AsArray().Select(n => (string?)n).ToList();
        Assert.Contains("TopicC", topics);
        Assert.Contains("Shared", topics);
        Assert.Equal(topics.Distinct().Count(), topics.Count);
    }

    [Fact]
    public async Task TopicList_prints_each_topic_with_its_clusters_when_c_and_json_are_given()
    {
        var result = await RunAsync("topicList", "-n", First, "-c", "--json");

        Assert.Equal(ExitCodes.Ok, result.Code);
        var pairs = JsonNode.Parse(result.Stdout)!.AsArray()
            .Select(n => ((string?)n!["cluster"], (string?)n["topic"]))
            .ToList();
        Assert.Contains(("ClusterA", "Shared"), pairs);
        Assert.Contains(("ClusterB", "Shared"), pairs);
        Assert.Contains(("ClusterB", "TopicC"), pairs);
        Assert.DoesNotContain(("ClusterA", "TopicC"), pairs);
    }

    [Fact]
    public async Task TopicList_prints_a_cluster_column_when_c_is_given()
    {
        var result = await RunAsync("topicList", "-n", First, "-c");

        Assert.Equal(ExitCodes.Ok, result.Code);
        Assert.Contains("#Cluster Name #Topic", result.Text);
        Assert.Contains("ClusterB TopicC", result.Text);
    }

    [Fact]
    public async Task DeleteTopic_removes_the_route_from_every_nameserver()
    {
        var result = await RunAsync("deleteTopic", "-n", Both, "-t", "TopicC", "-c", "ClusterB");

        Assert.Equal(ExitCodes.Ok, result.Code);
        Assert.Contains($"{First} OK", result.Text);
        Assert.Contains($"{Second} OK", result.Text);
        foreach (var address in new[] { First, Second })
        {
            await using var client = ClientFor(address);
            var error = await Assert.ThrowsAsync<NameServerException>(() => client.GetRouteInfoByTopicAsync("TopicC"));
            Assert.Equal(ResponseCode.TopicNotExist, error.Code);
        }
    }

    [Fact]
    public async Task DeleteTopic_keeps_other_clusters_routes_when_a_cluster_is_given()
    {
        var result = await RunAsync("deleteTopic", "-n", Both, "-t", "Shared", "-c", "ClusterB", "--json");

        Assert.Equal(ExitCodes.Ok, result.Code);
        var servers = JsonNode.Parse(result.Stdout)!.AsArray();
        Assert.Equal([First, Second], servers.Select(s => (string?)s!["nameServer"]));
        Assert.All(servers, s => Assert.True((bool)s!["ok"]!));
        await using var client = ClientFor(Second);
        var route = await client.GetRouteInfoByTopicAsync("Shared");
        Assert.Equal(["broker-a", "broker-b"], route.BrokerDatas.Select(b => b.BrokerName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task DeleteTopic_fails_with_not_found_when_the_cluster_is_unknown()
    {
        var result = await RunAsync("deleteTopic", "-n", Both, "-t", "TopicC", "-c", "NoSuchCluster");

        Assert.Equal(ExitCodes.NotFound, result.Code);
        Assert.Contains("NoSuchCluster", Assert.Single(result.ErrorLines));
        await using var client = ClientFor(First);
        Assert.NotNull(await client.GetRouteInfoByTopicAsync("TopicC"));
    }

    [Fact]
    public async Task DeleteTopic_fails_with_a_usage_error_when_the_cluster_is_missing()
    {
        var result = await RunAsync("deleteTopic", "-n", Both, "-t", "TopicC");

        Assert.Equal(ExitCodes.Usage, result.Code);
        Assert.Contains("--clusterName", result.Stderr);
    }
}
