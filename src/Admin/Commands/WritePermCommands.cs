using System.CommandLine;
using System.Text.Json.Nodes;
using static NameServer.Actors.Admin.Commands.Subcommand;

namespace NameServer.Actors.Admin.Commands;

/// <summary>A broker's write permission on every NameServer: <c>wipeWritePerm</c>, <c>addWritePerm</c>.</summary>
internal static class WritePermCommands
{
    public static Command WipeWritePerm(CommonOptions common)
    {
        var broker = Text("--brokerName", "-b", "Broker name.");
        return Make(common, "wipeWritePerm", "Remove a broker's write permission on every NameServer (205 to each).", [broker], async (ctx, parse) =>
            await ctx.Output.WriteEachAsync(
                await ctx.Client.WipeWritePermOfBrokerOnAllAsync(parse.GetValue(broker)!, ctx.Timeout, ctx.CancellationToken),
                "wipeTopicCount",
                count => JsonValue.Create(count)));
    }

    public static Command AddWritePerm(CommonOptions common)
    {
        var broker = Text("--brokerName", "-b", "Broker name.");
        return Make(common, "addWritePerm", "Restore a broker's write permission on every NameServer (327 to each).", [broker], async (ctx, parse) =>
            await ctx.Output.WriteEachAsync(
                await ctx.Client.AddWritePermOfBrokerOnAllAsync(parse.GetValue(broker)!, ctx.Timeout, ctx.CancellationToken),
                "addTopicCount",
                count => JsonValue.Create(count)));
    }
}
