using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using NameServer.Actors.Admin.Output;
using NameServer.Actors.Client;
using NameServer.Actors.Protocol;
using NameServer.Actors.Protocol.Bodies;
using NameServer.Actors.Protocol.Model;
using JsonMode = NameServer.Actors.Protocol.Json.JsonMode;
using JsonNode = System.Text.Json.Nodes.JsonNode;

namespace NameServer.Actors.Admin;

/// <summary>The subcommands. Those mqadmin sends to every NameServer of <c>-n</c> do too, and report each one.</summary>
internal static class AdminCommands
{
    private const string RetryTopicPrefix = "%RETRY%";
    private const string DlqTopicPrefix = "%DLQ%";

    public static IEnumerable<Command> All(CommonOptions common)
    {
        yield return ClusterList(common);
        yield return TopicRoute(common);
        yield return TopicList(common);
        yield return TopicClusterList(common);
        yield return DeleteTopic(common);
        yield return UpdateKvConfig(common);
        yield return DeleteKvConfig(common);
        yield return GetKvConfig(common);
        yield return GetKvList(common);
        yield return UpdateOrderConf(common);
        yield return GetNamesrvConfig(common);
        yield return UpdateNamesrvConfig(common);
        yield return WipeWritePerm(common);
        yield return AddWritePerm(common);
        yield return CompareRoutes(common);
    }

    private static Command ClusterList(CommonOptions common)
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
                .Select(c => (Cluster: c.Key, Brokers: c.Value.Order(StringComparer.Ordinal)
                    .Select(b => (Name: b, Addrs: info.BrokerAddrTable.TryGetValue(b, out var data)
                        ? data.BrokerAddrs.OrderBy(a => a.Key).ToList()
                        : []))
                    .ToList()))
                .ToList();
            if (ctx.Json)
            {
                var root = new JsonObject();
                foreach (var (name, brokers) in clusters)
                {
                    var brokerNodes = new JsonObject();
                    foreach (var (brokerName, addrs) in brokers)
                    {
                        brokerNodes[brokerName] = JsonOutput.Map(addrs.Select(a => KeyValuePair.Create(Id(a.Key), a.Value)));
                    }
                    root[name] = brokerNodes;
                }
                return await WriteJsonAsync(ctx, root);
            }
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
            await table.WriteAsync(ctx.Stdout);
            return ExitCodes.Ok;
        });
    }

    private static Command TopicRoute(CommonOptions common)
    {
        var topic = Text("--topic", "-t", "Topic name.");
        return Make(common, "topicRoute", "Show a topic's route (105).", [topic], async (ctx, parse) =>
        {
            var route = await ctx.Client.GetRouteInfoByTopicAsync(parse.GetValue(topic)!, cancellationToken: ctx.CancellationToken);
            if (ctx.Json)
            {
                // The route as the NameServer sends it (standard JSON form), indented like mqadmin prints it.
                var body = BodyEncoder.EncodeTopicRouteData(route, JsonMode.Standard);
                return await WriteJsonAsync(ctx, JsonNode.Parse(body));
            }
            var brokers = new TextTable("Broker Name", "Cluster", "BID", "Addr");
            foreach (var broker in route.BrokerDatas.OrderBy(b => b.BrokerName, StringComparer.Ordinal))
            {
                foreach (var (id, addr) in broker.BrokerAddrs.OrderBy(a => a.Key))
                {
                    brokers.Add(broker.BrokerName, broker.Cluster, id, addr);
                }
            }
            await brokers.WriteAsync(ctx.Stdout);
            await ctx.Stdout.WriteLineAsync();
            var queues = new TextTable("Broker Name", "Read Queues", "Write Queues", "Perm", "Topic Sys Flag");
            foreach (var queue in route.QueueDatas.OrderBy(q => q.BrokerName, StringComparer.Ordinal))
            {
                queues.Add(queue.BrokerName, queue.ReadQueueNums, queue.WriteQueueNums, PermText(queue.Perm), queue.TopicSysFlag);
            }
            await queues.WriteAsync(ctx.Stdout);
            if (route.OrderTopicConf is { } order)
            {
                await ctx.Stdout.WriteLineAsync();
                await ctx.Stdout.WriteLineAsync($"Order topic conf: {order}");
            }
            return ExitCodes.Ok;
        });
    }

    private static Command TopicList(CommonOptions common)
    {
        var clusterModel = new Option<bool>("--clusterModel", "-c") { Description = "Also show each topic's clusters (one route lookup per topic)." };
        return Make(common, "topicList", "List every topic (206; with -c also 105 per topic).", [clusterModel], async (ctx, parse) =>
        {
            var topics = (await ctx.Client.GetAllTopicListAsync(cancellationToken: ctx.CancellationToken)).Topics
                .Order(StringComparer.Ordinal)
                .ToList();
            if (!parse.GetValue(clusterModel))
            {
                if (ctx.Json)
                {
                    return await WriteJsonAsync(ctx, JsonOutput.Strings(topics));
                }
                var table = new TextTable("Topic");
                topics.ForEach(t => table.Add(t));
                await table.WriteAsync(ctx.Stdout);
                return ExitCodes.Ok;
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
            rows = rows.OrderBy(r => r.Cluster, StringComparer.Ordinal).ThenBy(r => r.Topic, StringComparer.Ordinal).ToList();
            if (ctx.Json)
            {
                return await WriteJsonAsync(ctx, new JsonArray(rows.Select(r => (JsonNode?)new JsonObject { ["cluster"] = r.Cluster, ["topic"] = r.Topic }).ToArray()));
            }
            var clustered = new TextTable("Cluster Name", "Topic");
            rows.ForEach(r => clustered.Add(r.Cluster, r.Topic));
            await clustered.WriteAsync(ctx.Stdout);
            return ExitCodes.Ok;
        });
    }

    private static Command TopicClusterList(CommonOptions common)
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
            if (ctx.Json)
            {
                return await WriteJsonAsync(ctx, JsonOutput.Strings(clusters));
            }
            var table = new TextTable("Cluster Name");
            clusters.ForEach(c => table.Add(c));
            await table.WriteAsync(ctx.Stdout);
            return ExitCodes.Ok;
        });
    }

    private static Command DeleteTopic(CommonOptions common)
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
                return await ReportEachAsync(ctx, results);
            });
    }

    private static Command UpdateKvConfig(CommonOptions common)
    {
        var ns = Text("--namespace", "-s", "KV namespace.");
        var key = Text("--key", "-k", "Key.");
        var value = Text("--value", "-v", "Value.");
        return Make(common, "updateKvConfig", "Put a KV entry on every NameServer (100 to each).", [ns, key, value], async (ctx, parse) =>
            await ReportEachAsync(ctx, await ctx.Client.PutKvConfigOnAllAsync(
                parse.GetValue(ns)!, parse.GetValue(key)!, parse.GetValue(value)!, ctx.Timeout, ctx.CancellationToken)));
    }

    private static Command DeleteKvConfig(CommonOptions common)
    {
        var ns = Text("--namespace", "-s", "KV namespace.");
        var key = Text("--key", "-k", "Key.");
        return Make(common, "deleteKvConfig", "Delete a KV entry on every NameServer (102 to each).", [ns, key], async (ctx, parse) =>
            await ReportEachAsync(ctx, await ctx.Client.DeleteKvConfigOnAllAsync(
                parse.GetValue(ns)!, parse.GetValue(key)!, ctx.Timeout, ctx.CancellationToken)));
    }

    private static Command GetKvConfig(CommonOptions common)
    {
        var ns = Text("--namespace", "-s", "KV namespace.");
        var key = Text("--key", "-k", "Key.");
        return Make(common, "getKvConfig", "Show one KV entry (101; nsadmin's addition).", [ns, key], async (ctx, parse) =>
        {
            var (space, name) = (parse.GetValue(ns)!, parse.GetValue(key)!);
            var value = await ctx.Client.GetKvConfigAsync(space, name, cancellationToken: ctx.CancellationToken)
                ?? throw NotFound(ctx, $"No config item, Namespace: {space} Key: {name}");
            if (ctx.Json)
            {
                return await WriteJsonAsync(ctx, new JsonObject { ["namespace"] = space, ["key"] = name, ["value"] = value });
            }
            await new TextTable("Namespace", "Key", "Value").Add(space, name, value).WriteAsync(ctx.Stdout);
            return ExitCodes.Ok;
        });
    }

    private static Command GetKvList(CommonOptions common)
    {
        var ns = Text("--namespace", "-s", "KV namespace.");
        return Make(common, "getKvList", "Show a whole KV namespace (219; nsadmin's addition).", [ns], async (ctx, parse) =>
        {
            var space = parse.GetValue(ns)!;
            var table = await ctx.Client.GetKvListByNamespaceAsync(space, cancellationToken: ctx.CancellationToken)
                ?? throw NotFound(ctx, $"No config item, Namespace: {space}");
            var entries = table.Table.OrderBy(e => e.Key, StringComparer.Ordinal).ToList();
            if (ctx.Json)
            {
                return await WriteJsonAsync(ctx, new JsonObject { ["namespace"] = space, ["entries"] = JsonOutput.Map(entries) });
            }
            var output = new TextTable("Key", "Value");
            entries.ForEach(e => output.Add(e.Key, e.Value));
            await output.WriteAsync(ctx.Stdout);
            return ExitCodes.Ok;
        });
    }

    private static Command UpdateOrderConf(CommonOptions common)
    {
        var topic = Text("--topic", "-t", "Topic name.");
        var method = Text("--method", "-m", "put, get or delete.");
        method.HelpName = "put|get|delete";
        method.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string>() is not ("put" or "get" or "delete"))
            {
                r.AddError($"-m must be put, get or delete (got '{r.GetValueOrDefault<string>()}').");
            }
        });
        var conf = Text("--orderConf", "-v", "For put: the order conf, e.g. \"broker-a:4;broker-b:4\".", required: false);
        var command = Make(
            common,
            "updateOrderConf",
            $"Put, get or delete a topic's order conf in the {NameServerClient.OrderTopicConfigNamespace} namespace (put: 100 to each, get: 101, delete: 102 to each).",
            [topic, method, conf],
            async (ctx, parse) =>
            {
                var name = parse.GetValue(topic)!;
                const string space = NameServerClient.OrderTopicConfigNamespace;
                switch (parse.GetValue(method))
                {
                    case "put":
                        return await ReportEachAsync(ctx, await ctx.Client.PutKvConfigOnAllAsync(space, name, parse.GetValue(conf)!, ctx.Timeout, ctx.CancellationToken));
                    case "delete":
                        return await ReportEachAsync(ctx, await ctx.Client.DeleteKvConfigOnAllAsync(space, name, ctx.Timeout, ctx.CancellationToken));
                    default:
                        var value = await ctx.Client.GetKvConfigAsync(space, name, cancellationToken: ctx.CancellationToken)
                            ?? throw NotFound(ctx, $"No config item, Namespace: {space} Key: {name}");
                        if (ctx.Json)
                        {
                            return await WriteJsonAsync(ctx, new JsonObject { ["topic"] = name, ["orderConf"] = value });
                        }
                        await new TextTable("Topic", "Order Conf").Add(name, value).WriteAsync(ctx.Stdout);
                        return ExitCodes.Ok;
                }
            });
        command.Validators.Add(r =>
        {
            if (r.GetValue(method) == "put" && string.IsNullOrEmpty(r.GetValue(conf)))
            {
                r.AddError("updateOrderConf -m put needs the order conf: -v \"brokerName:queueNums;...\".");
            }
        });
        return command;
    }

    private static Command GetNamesrvConfig(CommonOptions common)
    {
        return Make(common, "getNamesrvConfig", "Show every NameServer's configuration (319 to each).", [], async ctx =>
        {
            var results = await ctx.Client.GetNamesrvConfigOnAllAsync(ctx.Timeout, ctx.CancellationToken);
            if (ctx.Json)
            {
                return await ReportEachAsync(ctx, results, "config", c => JsonOutput.Map(c.Properties.OrderBy(p => p.Key, StringComparer.Ordinal)));
            }
            foreach (var result in results)
            {
                await ctx.Stdout.WriteLineAsync($"============{result.Address}============");
                if (result.Value is { } config)
                {
                    var width = config.Properties.Keys.Select(k => k.Length).DefaultIfEmpty(0).Max();
                    foreach (var (key, value) in config.Properties.OrderBy(p => p.Key, StringComparer.Ordinal))
                    {
                        await ctx.Stdout.WriteLineAsync($"{key.PadRight(width)} = {value}");
                    }
                }
                else
                {
                    await ctx.Stdout.WriteLineAsync($"FAILED: {Describe(result.Error!)}");
                }
            }
            return await ReportErrorsAsync(ctx, results.Select(r => (r.Address, r.Error)));
        });
    }

    private static Command UpdateNamesrvConfig(CommonOptions common)
    {
        var key = Text("--key", "-k", "Configuration key.");
        var value = Text("--value", "-v", "New value.");
        return Make(common, "updateNamesrvConfig", "Change a setting on every NameServer (318 to each).", [key, value], async (ctx, parse) =>
        {
            var properties = new Dictionary<string, string> { [parse.GetValue(key)!] = parse.GetValue(value)! };
            return await ReportEachAsync(ctx, await ctx.Client.UpdateNamesrvConfigOnAllAsync(properties, ctx.Timeout, ctx.CancellationToken));
        });
    }

    private static Command WipeWritePerm(CommonOptions common)
    {
        var broker = Text("--brokerName", "-b", "Broker name.");
        return Make(common, "wipeWritePerm", "Remove a broker's write permission on every NameServer (205 to each).", [broker], async (ctx, parse) =>
            await ReportEachAsync(
                ctx,
                await ctx.Client.WipeWritePermOfBrokerOnAllAsync(parse.GetValue(broker)!, ctx.Timeout, ctx.CancellationToken),
                "wipeTopicCount",
                count => JsonValue.Create(count)));
    }

    private static Command AddWritePerm(CommonOptions common)
    {
        var broker = Text("--brokerName", "-b", "Broker name.");
        return Make(common, "addWritePerm", "Restore a broker's write permission on every NameServer (327 to each).", [broker], async (ctx, parse) =>
            await ReportEachAsync(
                ctx,
                await ctx.Client.AddWritePermOfBrokerOnAllAsync(parse.GetValue(broker)!, ctx.Timeout, ctx.CancellationToken),
                "addTopicCount",
                count => JsonValue.Create(count)));
    }

    private static Command CompareRoutes(CommonOptions common)
    {
        return Make(
            common,
            "compareRoutes",
            $"Compare the routes of every NameServer of -n (206, then 105 per topic, on each; nsadmin's addition). Exit {ExitCodes.RoutesDiffer} when they differ.",
            [],
            async ctx =>
            {
                var addresses = ctx.Client.Addresses;
                if (addresses.Count < 2)
                {
                    throw new AdminException(
                        $"compareRoutes needs at least two NameServers: -n \"host:port;host:port\" (got only {addresses[0]}).",
                        ExitCodes.Usage);
                }
                var result = await RouteComparison.CompareAsync(addresses, ctx.Client.Options, ctx.CancellationToken);
                var reachable = result.Servers.Where(s => s.Reachable).ToList();
                if (ctx.Json)
                {
                    await ctx.Stdout.WriteLineAsync(JsonOutput.Format(ComparisonJson(result, reachable)));
                }
                else
                {
                    await WriteComparisonAsync(ctx, result, reachable);
                }
                var failed = await ReportErrorsAsync(
                    ctx,
                    result.Servers.Select(s => (s.Address, s.Reachable ? null : CauseOf(s))));
                // An incomplete comparison can claim neither sameness nor the full set of differences.
                return failed != ExitCodes.Ok ? failed : result.Same ? ExitCodes.Ok : ExitCodes.RoutesDiffer;
            });
    }

    private static async Task WriteComparisonAsync(CommandContext ctx, RouteComparisonResult result, List<NameServerDigests> reachable)
    {
        var servers = new TextTable("NameServer", "Topics", "Table Digest");
        foreach (var server in result.Servers)
        {
            if (server.Reachable)
            {
                servers.Add(server.Address, server.Topics.Count, server.TableDigest);
            }
            else
            {
                servers.Add(server.Address, "-", $"FAILED: {Describe(CauseOf(server))}");
            }
        }
        await servers.WriteAsync(ctx.Stdout);
        if (result.Differences.Count > 0)
        {
            await ctx.Stdout.WriteLineAsync();
            var differences = new TextTable([.. reachable.Select(s => s.Address).Prepend("Topic")]);
            foreach (var difference in result.Differences)
            {
                differences.Add([difference.Topic, .. reachable.Select(s => difference.DigestByAddress.GetValueOrDefault(s.Address) ?? "absent")]);
            }
            await differences.WriteAsync(ctx.Stdout);
        }
        await ctx.Stdout.WriteLineAsync();
        var on = reachable.Count == result.Servers.Count
            ? $"{reachable.Count} NameServers"
            : $"{reachable.Count} of {result.Servers.Count} NameServers ({result.Servers.Count - reachable.Count} failed)";
        var verdict = result.Differences.Count switch
        {
            0 when reachable.Count < 2 => "nothing to compare",
            0 when reachable.Count < result.Servers.Count => "no difference among those",
            0 => "all the same",
            1 => "1 differs",
            var n => $"{n} differ",
        };
        await ctx.Stdout.WriteLineAsync($"{Count(result.TopicCount, "topic")} on {on}: {verdict}");
    }

    private static JsonObject ComparisonJson(RouteComparisonResult result, List<NameServerDigests> reachable)
    {
        var servers = new JsonArray();
        foreach (var server in result.Servers)
        {
            var node = new JsonObject { ["nameServer"] = server.Address, ["ok"] = server.Reachable };
            if (server.Reachable)
            {
                node["tableDigest"] = server.TableDigest;
                node["topicCount"] = server.Topics.Count;
            }
            else
            {
                AddError(node, CauseOf(server));
            }
            servers.Add(node);
        }
        var differences = new JsonArray();
        foreach (var difference in result.Differences)
        {
            var digests = new JsonObject();
            foreach (var server in reachable)
            {
                digests[server.Address] = difference.DigestByAddress.GetValueOrDefault(server.Address);
            }
            differences.Add(new JsonObject { ["topic"] = difference.Topic, ["digests"] = digests });
        }
        return new JsonObject
        {
            ["same"] = result.Same,
            ["allReachable"] = result.AllReachable,
            ["topicCount"] = result.TopicCount,
            ["nameServers"] = servers,
            ["differences"] = differences,
        };
    }

    private static Exception CauseOf(NameServerDigests server) =>
        server.Cause ?? new RemotingException(server.Address, server.Error ?? "failed");

    private static Command Make(
        CommonOptions common,
        string name,
        string description,
        Option[] options,
        Func<CommandContext, ParseResult, Task<int>> body)
    {
        var command = new Command(name, description);
        foreach (var option in options)
        {
            command.Options.Add(option);
        }
        command.SetAction((parse, ct) => NsAdmin.ExecuteAsync(common, parse, ct, ctx => body(ctx, parse)));
        return command;
    }

    private static Command Make(
        CommonOptions common,
        string name,
        string description,
        Option[] options,
        Func<CommandContext, Task<int>> body) =>
        Make(common, name, description, options, (ctx, _) => body(ctx));

    private static Option<string> Text(string name, string alias, string description, bool required = true) =>
        new(name, alias) { Description = description, Required = required };

    /// <summary>Per-server results: a table (or JSON array), one stderr line per failed server, the worst exit code.</summary>
    private static Task<int> ReportEachAsync(CommandContext ctx, IReadOnlyList<ServerResult> results) =>
        ReportEachAsync(ctx, results.Select(r => new ServerResult<bool>(r.Address, r.Succeeded, r.Error)).ToList(), null, null);

    private static async Task<int> ReportEachAsync<T>(
        CommandContext ctx,
        IReadOnlyList<ServerResult<T>> results,
        string? valueName,
        Func<T, JsonNode?>? valueJson)
    {
        if (ctx.Json)
        {
            var array = new JsonArray();
            foreach (var result in results)
            {
                var node = new JsonObject { ["nameServer"] = result.Address, ["ok"] = result.Succeeded };
                if (result.Error is { } error)
                {
                    AddError(node, error);
                }
                else if (valueName is not null && valueJson is not null)
                {
                    node[valueName] = valueJson(result.Value!);
                }
                array.Add(node);
            }
            await ctx.Stdout.WriteLineAsync(JsonOutput.Format(array));
        }
        else
        {
            var table = valueName is null ? new TextTable("NameServer", "Result") : new TextTable("NameServer", "Result", valueName);
            foreach (var result in results)
            {
                var outcome = result.Error is { } error ? $"FAILED: {Describe(error)}" : "OK";
                if (valueName is null)
                {
                    table.Add(result.Address, outcome);
                }
                else
                {
                    table.Add(result.Address, outcome, result.Succeeded ? result.Value : null);
                }
            }
            await table.WriteAsync(ctx.Stdout);
        }
        return await ReportErrorsAsync(ctx, results.Select(r => (r.Address, r.Error)));
    }

    private static async Task<int> ReportErrorsAsync(CommandContext ctx, IEnumerable<(string Address, Exception? Error)> outcomes)
    {
        var exitCode = ExitCodes.Ok;
        foreach (var (address, error) in outcomes)
        {
            if (error is null)
            {
                continue;
            }
            var (message, code) = NsAdmin.Failure(error) ?? (NsAdmin.OneLine(error.Message), ExitCodes.ServerError);
            await ctx.Stderr.WriteLineAsync($"nsadmin: {(message.Contains(address, StringComparison.Ordinal) ? message : $"{address}: {message}")}");
            // A refusal says more about the request than an unreachable server does, so it wins.
            exitCode = Math.Max(exitCode, code);
        }
        return exitCode;
    }

    /// <summary>A failed server's <c>error</c>, plus <c>code</c> and <c>remark</c> when it answered a refusal.</summary>
    private static void AddError(JsonObject node, Exception error)
    {
        node["error"] = Describe(error);
        if (error is NameServerException refused)
        {
            node["code"] = refused.Code;
            node["remark"] = refused.Remark;
        }
    }

    private static string Count(int count, string noun) =>
        count == 1 ? $"1 {noun}" : $"{count.ToString(CultureInfo.InvariantCulture)} {noun}s";

    private static string Describe(Exception error) => error switch
    {
        NameServerException e => $"code {e.Code}: {e.Remark ?? "no remark"}",
        _ => NsAdmin.OneLine(error.Message),
    };

    private static async Task<int> WriteJsonAsync(CommandContext ctx, JsonNode? node)
    {
        await ctx.Stdout.WriteLineAsync(JsonOutput.Format(node));
        return ExitCodes.Ok;
    }

    private static AdminException ClusterNotFound(CommandContext ctx, string cluster) =>
        new($"cluster '{cluster}' is not known to NameServer {ctx.Client.CurrentAddress}.", ExitCodes.NotFound);

    /// <summary>The client maps QUERY_NOT_FOUND to null; report it as the code the server sent.</summary>
    private static NameServerException NotFound(CommandContext ctx, string remark) =>
        new(ctx.Client.CurrentAddress ?? string.Join(';', ctx.Client.Addresses), ResponseCode.QueryNotFound, remark);

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static string PermText(int perm)
    {
        var text = new StringBuilder();
        text.Append((perm & Perm.Read) != 0 ? 'R' : '-');
        text.Append((perm & Perm.Write) != 0 ? 'W' : '-');
        return $"{perm} ({text})";
    }
}
