using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using NameServer.Actors.Admin.Output;
using NameServer.Actors.Client;
using static NameServer.Actors.Admin.Commands.Subcommand;

namespace NameServer.Actors.Admin.Commands;

/// <summary><c>compareRoutes</c>: the routes of several NameServers compared by digest (nsadmin's addition).</summary>
internal static class CompareRoutesCommands
{
    public static Command CompareRoutes(CommonOptions common)
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
                await ctx.Output.WriteAsync(() => ComparisonJson(result, reachable), () => ComparisonText(result, reachable));
                var failed = await ctx.Output.ReportFailuresAsync(
                    result.Servers.Select(s => (s.Address, s.Reachable ? null : CauseOf(s))));
                // An incomplete comparison can claim neither sameness nor the full set of differences.
                return failed != ExitCodes.Ok ? failed : result.Same ? ExitCodes.Ok : ExitCodes.RoutesDiffer;
            });
    }

    /// <summary>Each server with its table digest, the topics that differ (if any), then a one-line verdict.</summary>
    private static IEnumerable<ITextBlock> ComparisonText(RouteComparisonResult result, List<NameServerDigests> reachable)
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
                servers.Add(server.Address, "-", Renderer.Failed(CauseOf(server)));
            }
        }
        yield return servers;
        if (result.Differences.Count > 0)
        {
            yield return TextLine.Blank;
            var differences = new TextTable([.. reachable.Select(s => s.Address).Prepend("Topic")]);
            foreach (var difference in result.Differences)
            {
                differences.Add([difference.Topic, .. reachable.Select(s => difference.DigestByAddress.GetValueOrDefault(s.Address) ?? "absent")]);
            }
            yield return differences;
        }
        yield return TextLine.Blank;
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
        yield return new TextLine($"{Count(result.TopicCount, "topic")} on {on}: {verdict}");
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
                Renderer.AddError(node, CauseOf(server));
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

    private static string Count(int count, string noun) =>
        count == 1 ? $"1 {noun}" : $"{count.ToString(CultureInfo.InvariantCulture)} {noun}s";
}
