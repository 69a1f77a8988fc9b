using System.Text.Json.Nodes;
using NameServer.Actors.Admin.Tests.Support;

namespace NameServer.Actors.Admin.Tests.Commands;

public sealed class ClusterCommandsTests : AdminTestBed
{
    [Fact]
    public async Task ClusterList_prints_every_broker_of_every_cluster_when_no_cluster_is_given()
    {
        var result = await RunAsync("clusterList", "-n", First);

        Assert.Equal(ExitCodes.Ok, result.Code);
        Assert.Equal("#Cluster Name #Broker Name #BID #Addr", result.Text.Split('\n')[0].TrimEnd());
        Assert.Contains("ClusterA broker-a 0 127.0.0.1:10911", result.Text);
        Assert.Contains("ClusterA broker-a 1 127.0.0.2:10911", result.Text);
        Assert.Contains("ClusterA broker-b 0 127.0.0.3:10911", result.Text);
        Assert.Contains("ClusterB broker-c 0 127.0.0.4:10911", result.Text);
        Assert.Empty(result.Stderr);
    }

    [Fact]
    public async Task ClusterList_prints_only_that_cluster_when_c_is_given()
    {
        var result = await RunAsync("clusterList", "-n", First, "-c", "ClusterB");

        Assert.Equal(ExitCodes.Ok, result.Code);
        Assert.Contains("ClusterB broker-c 0 127.0.0.4:10911", result.Text);
        Assert.DoesNotContain("ClusterA", result.Stdout);
    }

    [Fact]
    public async Task ClusterList_prints_clusters_brokers_and_ids_when_json_is_asked()
    {
        var result = await RunAsync("clusterList", "-n", First, "--json");

        Assert.Equal(ExitCodes.Ok, result.Code);
        var json = JsonNode.Parse(result.Stdout)!;
        Assert.Equal("127.0.0.1:10911", (string?)json["ClusterA"]!["broker-a"]!["0"]);
        Assert.Equal("127.0.0.2:10911", (string?)json["ClusterA"]!["broker-a"]!["1"]);
        Assert.Equal("127.0.0.4:10911", (string?)json["ClusterB"]!["broker-c"]!["0"]);
        Assert.Equal(2, json.AsObject().Count);
    }

    [Fact]
    public async Task ClusterList_fails_with_not_found_when_the_cluster_is_unknown()
    {
        var result = await RunAsync("clusterList", "-n", First, "-c", "NoSuchCluster");

        Assert.Equal(ExitCodes.NotFound, result.Code);
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains("NoSuchCluster", line);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public async Task TopicClusterList_prints_every_cluster_holding_the_topic()
    {
        var shared = await RunAsync("topicClusterList", "-n", First, "-t", "Shared");
        var single = await RunAsync("topicClusterList", "-n", First, "-t", "TopicC", "--json");

        Assert.Equal(ExitCodes.Ok, shared.Code);
        Assert.Equal(["#Cluster Name", "ClusterA", "ClusterB"], shared.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Equal(ExitCodes.Ok, single.Code);
        Assert.Equal(["ClusterB"], JsonNode.Parse(single.Stdout)!.AsArray().Select(n => (string?)n));
    }

    [Fact]
    public async Task TopicClusterList_fails_with_the_server_code_when_the_topic_is_unknown()
    {
        var result = await RunAsync("topicClusterList", "-n", First, "-t", "NoSuchTopic");

        Assert.Equal(ExitCodes.ServerError, result.Code);
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains("17", line);
        Assert.Contains(First, line);
    }
}
