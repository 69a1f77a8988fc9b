using System.CommandLine;
using System.Text;
using System.Text.Json.Nodes;
using NameServer.Actors.Admin.Output;
using NameServer.Actors.Client;
using NameServer.Actors.Protocol;
using NameServer.Actors.Protocol.Bodies;
using NameServer.Actors.Protocol.Model;
using static NameServer.Actors.Admin.Commands.Subcommand;
using JsonMode = NameServer.Actors.Protocol.Json.JsonMode;

namespace NameServer.Actors.Admin.Commands;

/// <summary>Topics and their routes: <c>topicRoute</c>, <c>topicList</c>, <c>deleteTopic</c>.</summary>
internal static class TopicCommands
{
    private const string RetryTopicPrefix = "%RETRY%";
    private const string DlqTopicPrefix = "%DLQ%";

    private static readonly Column[] s_clusterTopicColumns = [new("Cluster Name", "cluster"), new("Topic", "topic")];

    public static Command TopicRoute(CommonOptions common)
    {
        var topic = Text("--topic", "-t", "Topic name.");
        return Make(common, "topicRoute", "Show a topic's route (105).", [topic], async (ctx, parse) =>
        {
            var route = await ctx.Client.GetRouteInfoByTopicAsync(parse.GetValue(topic)!, cancellationToken: ctx.CancellationToken);
            return await ctx.Output.WriteAsync(
                // The route as the NameServer sends it (standard JSON form), indented like mqadmin prints it.
                () => JsonNode.Parse(BodyEncoder.EncodeTopicRouteData(route, JsonMode.Standard)),
                () => RouteText(route));
        });
    }

    public static Command TopicList(CommonOptions common)
    {
        var clusterModel = new Option<bool>("--clusterModel", "-c") { Description = "Also show each topic's clusters (one route lookup per topic)." };
        return Make(common, "topicList", "List every topic (206; with -c also 105 per topic).", [clusterModel], async (ctx, parse) =>
        {
            var topics = (await ctx.Client.GetAllTopicListAsync(cancellationToken: ctx.CancellationToken)).Topics
                .Order(StringComparer.Ordinal)
                .ToList();
            if (!parse.GetValue(clusterModel))
            {
                return await ctx.Output.WriteListAsync("Topic", topics);
            }
            var rows = new List<(string Cluster, string Topic)>();
            foreach (var topic in topics.Where(t => !t.StartsWith(RetryTopicPrefix, StringComparison.Ordinal) && !t.StartsWith(DlqTopicPrefix, StringComparison.Ordinal)))
            {
                TopicRouteData route;
                try
                {
                    route = await ctx.Client.GetRouteInfoByTopicAsync(topic, cancellationToken: ctx.CancellationToken);
                }
                catch (NameServerException e) when (e.Code == ResponseCode.TopicNotExist)
                {
                    // Deleted since the list was taken.
                    continue;
                }
                rows.AddRange(route.BrokerDatas.Select(b => b.Cluster).Distinct().Order(StringComparer.Ordinal).Select(c => (c, topic)));
            }
            return await ctx.Output.WriteRowsAsync(
                s_clusterTopicColumns,
                rows.OrderBy(r => r.Cluster, StringComparer.Ordinal).ThenBy(r => r.Topic, StringComparer.Ordinal)
                    .Select(r => new[] { r.Cluster, r.Topic })
                    .ToList());
        });
    }

    public static Command DeleteTopic(CommonOptions common)
    {
        var topic = Text("--topic", "-t", "Topic name.");
        var cluster = Text("--clusterName", "-c", "Cluster whose route entries are deleted.");
        return Make(
            common,
            "deleteTopic",
            "Delete a topic's route on a cluster from every NameServer (106, then 216 to each). The brokers keep the topic: delete it there too, or they register it again.",
            [topic, cluster],
            async (ctx, parse) =>
            {
                var clusterName = parse.GetValue(cluster)!;
                var info = await ctx.Client.GetBrokerClusterInfoAsync(cancellationToken: ctx.CancellationToken);
                if (!info.ClusterAddrTable.ContainsKey(clusterName))
                {
                    throw ClusterNotFound(ctx, clusterName);
                }
                var results = await ctx.Client.DeleteTopicInNamesrvOnAllAsync(parse.GetValue(topic)!, clusterName, ctx.Timeout, ctx.CancellationToken);
                return await ctx.Output.WriteEachAsync(results);
            });
    }

    /// <summary>The brokers, the queues and, for an ordered topic, its order conf.</summary>
    private static IEnumerable<ITextBlock> RouteText(TopicRouteData route)
    {
        var brokers = new TextTable("Broker Name", "Cluster", "BID", "Addr");
        foreach (var broker in route.BrokerDatas.OrderBy(b => b.BrokerName, StringComparer.Ordinal))
        {
            foreach (var (id, addr) in broker.BrokerAddrs.OrderBy(a => a.Key))
            {
                brokers.Add(broker.BrokerName, broker.Cluster, id, addr);
            }
        }
        yield return brokers;
        yield return TextLine.Blank;
        var queues = new TextTable("Broker Name", "Read Queues", "Write Queues", "Perm", "Topic Sys Flag");
        foreach (var queue in route.QueueDatas.OrderBy(q => q.BrokerName, StringComparer.Ordinal))
        {
            queues.Add(queue.BrokerName, queue.ReadQueueNums, queue.WriteQueueNums, PermText(queue.Perm), queue.TopicSysFlag);
        }
        yield return queues;
        if (route.OrderTopicConf is { } order)
        {
            yield return TextLine.Blank;
            yield return new TextLine($"Order topic conf: {order}");
        }
    }

    private static string PermText(int perm)
    {
        var text = new StringBuilder();
        text.Append((perm & Perm.Read) != 0 ? 'R' : '-');
        text.Append((perm & Perm.Write) != 0 ? 'W' : '-');
        return $"{perm} ({text})";
    }
}
