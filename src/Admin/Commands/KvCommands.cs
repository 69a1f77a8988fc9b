using System.CommandLine;
using System.Text.Json.Nodes;
using NameServer.Actors.Admin.Output;
using NameServer.Actors.Client;
using static NameServer.Actors.Admin.Commands.Subcommand;

namespace NameServer.Actors.Admin.Commands;

/// <summary>
/// The KV store: <c>updateKvConfig</c>, <c>deleteKvConfig</c>, <c>getKvConfig</c>, <c>getKvList</c>, and
/// <c>updateOrderConf</c> (the same requests on the <c>ORDER_TOPIC_CONFIG</c> namespace).
/// </summary>
internal static class KvCommands
{
    private static readonly Column[] s_entryColumns = [new("Namespace", "namespace"), new("Key", "key"), new("Value", "value")];
    private static readonly Column[] s_orderConfColumns = [new("Topic", "topic"), new("Order Conf", "orderConf")];

    public static Command UpdateKvConfig(CommonOptions common)
    {
        var ns = Text("--namespace", "-s", "KV namespace.");
        var key = Text("--key", "-k", "Key.");
        var value = Text("--value", "-v", "Value.");
        return Make(common, "updateKvConfig", "Put a KV entry on every NameServer (100 to each).", [ns, key, value], async (ctx, parse) =>
            await ctx.Output.WriteEachAsync(await ctx.Client.PutKvConfigOnAllAsync(
                parse.GetValue(ns)!, parse.GetValue(key)!, parse.GetValue(value)!, ctx.Timeout, ctx.CancellationToken)));
    }

    public static Command DeleteKvConfig(CommonOptions common)
    {
        var ns = Text("--namespace", "-s", "KV namespace.");
        var key = Text("--key", "-k", "Key.");
        return Make(common, "deleteKvConfig", "Delete a KV entry on every NameServer (102 to each).", [ns, key], async (ctx, parse) =>
            await ctx.Output.WriteEachAsync(await ctx.Client.DeleteKvConfigOnAllAsync(
                parse.GetValue(ns)!, parse.GetValue(key)!, ctx.Timeout, ctx.CancellationToken)));
    }

    public static Command GetKvConfig(CommonOptions common)
    {
        var ns = Text("--namespace", "-s", "KV namespace.");
        var key = Text("--key", "-k", "Key.");
        return Make(common, "getKvConfig", "Show one KV entry (101; nsadmin's addition).", [ns, key], async (ctx, parse) =>
        {
            var (space, name) = (parse.GetValue(ns)!, parse.GetValue(key)!);
            var value = await GetAsync(ctx, space, name);
            return await ctx.Output.WriteRecordAsync(s_entryColumns, space, name, value);
        });
    }

    public static Command GetKvList(CommonOptions common)
    {
        var ns = Text("--namespace", "-s", "KV namespace.");
        return Make(common, "getKvList", "Show a whole KV namespace (219; nsadmin's addition).", [ns], async (ctx, parse) =>
        {
            var space = parse.GetValue(ns)!;
            var table = await ctx.Client.GetKvListByNamespaceAsync(space, cancellationToken: ctx.CancellationToken)
                ?? throw NotFound(ctx, $"No config item, Namespace: {space}");
            var entries = table.Table.OrderBy(e => e.Key, StringComparer.Ordinal).ToList();
            return await ctx.Output.WriteAsync(
                () => new JsonObject { ["namespace"] = space, ["entries"] = JsonOutput.Map(entries) },
                () =>
                {
                    var output = new TextTable("Key", "Value");
                    entries.ForEach(e => output.Add(e.Key, e.Value));
                    return output;
                });
        });
    }

    public static Command UpdateOrderConf(CommonOptions common)
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
                return parse.GetValue(method) switch
                {
                    "put" => await ctx.Output.WriteEachAsync(
                        await ctx.Client.PutKvConfigOnAllAsync(space, name, parse.GetValue(conf)!, ctx.Timeout, ctx.CancellationToken)),
                    "delete" => await ctx.Output.WriteEachAsync(
                        await ctx.Client.DeleteKvConfigOnAllAsync(space, name, ctx.Timeout, ctx.CancellationToken)),
                    _ => await ctx.Output.WriteRecordAsync(s_orderConfColumns, name, await GetAsync(ctx, space, name)),
                };
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

    /// <summary>One entry's value; an absent one fails as the QUERY_NOT_FOUND the server answered.</summary>
    private static async Task<string> GetAsync(CommandContext ctx, string space, string key) =>
        await ctx.Client.GetKvConfigAsync(space, key, cancellationToken: ctx.CancellationToken)
            ?? throw NotFound(ctx, $"No config item, Namespace: {space} Key: {key}");
}
