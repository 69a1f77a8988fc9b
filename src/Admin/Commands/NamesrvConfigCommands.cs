using System.CommandLine;
using NameServer.Actors.Admin.Output;
using NameServer.Actors.Client;
using static NameServer.Actors.Admin.Commands.Subcommand;

namespace NameServer.Actors.Admin.Commands;

/// <summary>The NameServers' own settings: <c>getNamesrvConfig</c>, <c>updateNamesrvConfig</c>.</summary>
internal static class NamesrvConfigCommands
{
    public static Command GetNamesrvConfig(CommonOptions common)
    {
        return Make(common, "getNamesrvConfig", "Show every NameServer's configuration (319 to each).", [], async ctx =>
        {
            var results = await ctx.Client.GetNamesrvConfigOnAllAsync(ctx.Timeout, ctx.CancellationToken);
            return await ctx.Output.WriteEachAsync(
                results,
                "config",
                c => JsonOutput.Map(Sorted(c)),
                () => ConfigText(results));
        });
    }

    public static Command UpdateNamesrvConfig(CommonOptions common)
    {
        var key = Text("--key", "-k", "Configuration key.");
        var value = Text("--value", "-v", "New value.");
        return Make(common, "updateNamesrvConfig", "Change a setting on every NameServer (318 to each).", [key, value], async (ctx, parse) =>
        {
            var properties = new Dictionary<string, string> { [parse.GetValue(key)!] = parse.GetValue(value)! };
            return await ctx.Output.WriteEachAsync(await ctx.Client.UpdateNamesrvConfigOnAllAsync(properties, ctx.Timeout, ctx.CancellationToken));
        });
    }

    /// <summary>Like mqadmin: <c>============address============</c>, then the server's settings or why it failed.</summary>
    private static IEnumerable<ITextBlock> ConfigText(IReadOnlyList<ServerResult<NamesrvConfigSnapshot>> results)
    {
        foreach (var result in results)
        {
            yield return new TextLine($"============{result.Address}============");
            yield return result.Value is { } config ? new PropertyList(Sorted(config)) : new TextLine(Renderer.Failed(result.Error!));
        }
    }

    private static List<KeyValuePair<string, string>> Sorted(NamesrvConfigSnapshot config) =>
        config.Properties.OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
}
