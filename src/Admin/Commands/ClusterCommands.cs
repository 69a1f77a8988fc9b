using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using NameServer.Actors.Admin.Output;
using static NameServer.Actors.Admin.Commands.Subcommand;

namespace NameServer.Actors.Admin.Commands;

/// <summary>Clusters and their brokers: <c>clusterList</c>, <c>topicClusterList</c>.</summary>
internal static class ClusterCommands
{
    public static Command ClusterList(CommonOptions common)
    {
        var cluster = Text("--clusterName", "-c", "Only this cluster.", required: false);
        return Make(common, "clusterList", "List clusters and their brokers (106).", [cluster], async (ctx, parse) =>
        {
            var info = await ctx.Client.GetBrokerClusterInfoAsync(cancellationToken: ctx.CancellationToken);
            var only = parse.GetValue(cluster);
            if (only is not null && !info.ClusterAddrTable.ContainsKey(only))
            {
                throw ClusterNotFound(ctx, only);
            }
            var clusters = info.ClusterAddrTable
                .Where(c => only is null || c.Key == only)
                .OrderBy(c => c.Key, StringComparer.Ordinal)
                .Select(c => new ClusterBrokers(c.Key, c.Value.Order(StringComparer.Ordinal)
                    .Select(b => new BrokerAddrs(b, info.BrokerAddrTable.TryGetValue(b, out var data)
                        ? data.BrokerAddrs.OrderBy(a => a.Key).ToList()
                        : []))
                    .ToList()))
                .ToList();
            return await ctx.Output.WriteAsync(() => ClusterJson(clusters), () => ClusterTable(clusters));
        });
    }

    public static Command TopicClusterList(CommonOptions common)
    {
        var topic = Text("--topic", "-t", "Topic name.");
        return Make(common, "topicClusterList", "List the clusters a topic is on (106 + 105).", [topic], async (ctx, parse) =>
        {
            var info = await ctx.Client.GetBrokerClusterInfoAsync(cancellationToken: ctx.CancellationToken);
            var route = await ctx.Client.GetRouteInfoByTopicAsync(parse.GetValue(topic)!, cancellationToken: ctx.CancellationToken);
            var brokerNames = route.BrokerDatas.Select(b => b.BrokerName).ToHashSet(StringComparer.Ordinal);
            var clusters = info.ClusterAddrTable
                .Where(c => c.Value.Any(brokerNames.Contains))
                .Select(c => c.Key)
                .Union(route.BrokerDatas.Select(b => b.Cluster))
                .Order(StringComparer.Ordinal)
                .ToList();
            return await ctx.Output.WriteListAsync("Cluster Name", clusters);
        });
    }

    private sealed record ClusterBrokers(string Cluster, List<BrokerAddrs> Brokers);

    private sealed record BrokerAddrs(string Broker, List<KeyValuePair<long, string>> Addrs);

    /// <summary>cluster → broker → broker id → address.</summary>
    private static JsonObject ClusterJson(List<ClusterBrokers> clusters)
    {
        var root = new JsonObject();
        foreach (var (name, brokers) in clusters)
        {
            var brokerNodes = new JsonObject();
            foreach (var (brokerName, addrs) in brokers)
            {
                brokerNodes[brokerName] = JsonOutput.Map(addrs.Select(a => KeyValuePair.Create(a.Key.ToString(CultureInfo.InvariantCulture), a.Value)));
            }
            root[name] = brokerNodes;
        }
        return root;
    }

    private static TextTable ClusterTable(List<ClusterBrokers> clusters)
    {
        var table = new TextTable("Cluster Name", "Broker Name", "BID", "Addr");
        foreach (var (name, brokers) in clusters)
        {
            foreach (var (brokerName, addrs) in brokers)
            {
                foreach (var (id, addr) in addrs)
                {
                    table.Add(name, brokerName, id, addr);
                }
            }
        }
        return table;
    }
}
