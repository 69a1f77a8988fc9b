using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NameServer.Actors.Admin.Tests.Support;

namespace NameServer.Actors.Admin.Tests.Commands;

public sealed class CompareRoutesCommandsTests : AdminTestBed
{
    // ClusterA, ClusterB, broker-a, broker-b, broker-c, TBW102, TopicA, TopicB, TopicC, Shared.
    private const int TopicCount = 10;

    [Fact]
    public async Task CompareRoutes_prints_each_server_with_one_digest_and_exits_ok_when_the_routes_are_the_same()
    {
        var result = await RunAsync("compareRoutes", "-n", Both);

        Assert.Equal(ExitCodes.Ok, result.Code);
        Assert.Contains("#NameServer #Topics #Table Digest", result.Text);
        var first = ServerLine(result, First);
        var second = ServerLine(result, Second);
        Assert.Equal(TopicCount.ToString(System.Globalization.CultureInfo.InvariantCulture), first.Topics);
        Assert.Equal(first.Digest, second.Digest);
        Assert.DoesNotContain("#Topic ", result.Text);
        Assert.EndsWith($"{TopicCount} topics on 2 NameServers: all the same", result.Stdout.TrimEnd());
        Assert.Empty(result.Stderr);
    }

    [Fact]
    public async Task CompareRoutes_prints_the_differing_topics_and_exits_routes_differ_when_one_server_lost_a_brokers_write_permission()
    {
        Assert.Equal(ExitCodes.Ok, (await RunAsync("wipeWritePerm", "-n", Second, "-b", "broker-c")).Code);

        var result = await RunAsync("compareRoutes", "-n", Both);

        Assert.Equal(ExitCodes.RoutesDiffer, result.Code);
        Assert.NotEqual(ServerLine(result, First).Digest, ServerLine(result, Second).Digest);
        Assert.Contains($"#Topic #{First} #{Second}", result.Text);
        // broker-c holds ClusterB, broker-c, TBW102, TopicC and Shared.
        var rows = Regex.Matches(result.Stdout, @"(?m)^(\S+) +([0-9a-f]{16}) +([0-9a-f]{16})$").ToList();
        Assert.Equal(["ClusterB", "Shared", "TBW102", "TopicC", "broker-c"], rows.Select(r => r.Groups[1].Value));
        Assert.All(rows, r => Assert.NotEqual(r.Groups[2].Value, r.Groups[3].Value));
        Assert.EndsWith($"{TopicCount} topics on 2 NameServers: 5 differ", result.Stdout.TrimEnd());
        Assert.Empty(result.Stderr);
    }

    [Fact]
    public async Task CompareRoutes_prints_absent_when_a_topic_is_missing_on_one_server()
    {
        Assert.Equal(ExitCodes.Ok, (await RunAsync("deleteTopic", "-n", Second, "-t", "TopicC", "-c", "ClusterB")).Code);

        var result = await RunAsync("compareRoutes", "-n", Both);

        Assert.Equal(ExitCodes.RoutesDiffer, result.Code);
        Assert.Matches(@"(?m)^TopicC +[0-9a-f]{16} +absent$", result.Stdout);
        Assert.Equal((TopicCount - 1).ToString(System.Globalization.CultureInfo.InvariantCulture), ServerLine(result, Second).Topics);
        Assert.EndsWith($"{TopicCount} topics on 2 NameServers: 1 differs", result.Stdout.TrimEnd());
    }

    [Fact]
    public async Task CompareRoutes_reports_the_others_and_exits_connection_failure_when_a_server_is_unreachable()
    {
        var down = UnusedAddress();
        Assert.Equal(ExitCodes.Ok, (await RunAsync("wipeWritePerm", "-n", Second, "-b", "broker-c")).Code);

        var result = await RunAsync("compareRoutes", "-n", $"{First};{down};{Second}");

        Assert.Equal(ExitCodes.ConnectionFailure, result.Code);
        ServerLine(result, First);
        ServerLine(result, Second);
        Assert.Matches($@"(?m)^{Regex.Escape(down)} +- +FAILED: .*{Regex.Escape(down)}", result.Stdout);
        // The two that answered are still compared, without a column for the failed one.
        Assert.Contains($"#Topic #{First} #{Second}", result.Text);
        Assert.DoesNotContain($"#{down}", result.Text);
        Assert.EndsWith($"{TopicCount} topics on 2 of 3 NameServers (1 failed): 5 differ", result.Stdout.TrimEnd());
        Assert.Contains(down, Assert.Single(result.ErrorLines));
    }

    [Fact]
    public async Task CompareRoutes_exits_connection_failure_when_a_server_never_answers()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var address = $"127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}";

        // Long enough for the live server to answer every route even on a busy machine.
        var result = await RunAsync("compareRoutes", "-n", $"{First};{address}", "--timeout", "2000");

        Assert.Equal(ExitCodes.ConnectionFailure, result.Code);
        ServerLine(result, First);
        Assert.EndsWith($"{TopicCount} topics on 1 of 2 NameServers (1 failed): nothing to compare", result.Stdout.TrimEnd());
        Assert.Contains(address, Assert.Single(result.ErrorLines));
    }

    [Fact]
    public async Task CompareRoutes_exits_server_error_when_a_server_refuses_the_topic_list()
    {
        Assert.Equal(ExitCodes.Ok, (await RunAsync("updateNamesrvConfig", "-n", Second, "-k", "enableAllTopicList", "-v", "false")).Code);

        var result = await RunAsync("compareRoutes", "-n", Both);

        Assert.Equal(ExitCodes.ServerError, result.Code);
        ServerLine(result, First);
        Assert.Matches($@"(?m)^{Regex.Escape(Second)} +- +FAILED: code \d+", result.Stdout);
        Assert.Contains(Second, Assert.Single(result.ErrorLines));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CompareRoutes_fails_with_a_usage_error_when_only_one_address_is_given(bool repeated)
    {
        var result = await RunAsync("compareRoutes", "-n", repeated ? $"{First};{First}" : First);

        Assert.Equal(ExitCodes.Usage, result.Code);
        Assert.Contains("at least two", Assert.Single(result.ErrorLines));
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public async Task CompareRoutes_uses_NAMESRV_ADDR_when_n_is_not_given()
    {
        EnvironmentAddress = Both;

        var result = await RunAsync("compareRoutes");

        Assert.Equal(ExitCodes.Ok, result.Code);
        ServerLine(result, First);
        ServerLine(result, Second);
    }

    [Fact]
    public async Task CompareRoutes_prints_servers_and_differences_as_json_when_asked()
    {
        Assert.Equal(ExitCodes.Ok, (await RunAsync("wipeWritePerm", "-n", Second, "-b", "broker-b")).Code);

        var result = await RunAsync("compareRoutes", "-n", Both, "--json");

        Assert.Equal(ExitCodes.RoutesDiffer, result.Code);
        var root = JsonNode.Parse(result.Stdout)!.AsObject();
        Assert.False((bool)root["same"]!);
        Assert.True((bool)root["allReachable"]!);
        Assert.Equal(TopicCount, (int)root["topicCount"]!);
        var servers = root["nameServers"]!.AsArray();
        Assert.Equal([First, Second], servers.Select(s => (string)s!["nameServer"]!));
        Assert.All(servers, s =>
        {
            Assert.True((bool)s!["ok"]!);
            Assert.Matches("^[0-9a-f]{16}$", (string)s["tableDigest"]!);
            Assert.Equal(TopicCount, (int)s["topicCount"]!);
        });
        var differences = root["differences"]!.AsArray();
        // broker-b's queues lost their write bit on the second server only.
        Assert.Equal(["ClusterA", "Shared", "TBW102", "TopicB", "broker-b"], differences.Select(d => (string)d!["topic"]!));
        Assert.All(differences, d =>
        {
            var digests = d!["digests"]!.AsObject();
            Assert.Equal([First, Second], digests.Select(p => p.Key));
            Assert.NotEqual((string)digests[First]!, (string)digests[Second]!);
        });
    }

    [Fact]
    public async Task CompareRoutes_prints_the_failed_server_and_null_for_absent_topics_as_json()
    {
        var down = UnusedAddress();
        Assert.Equal(ExitCodes.Ok, (await RunAsync("deleteTopic", "-n", First, "-t", "TopicC", "-c", "ClusterB")).Code);

        var result = await RunAsync("compareRoutes", "-n", $"{First};{Second};{down}", "--json");

        Assert.Equal(ExitCodes.ConnectionFailure, result.Code);
        var root = JsonNode.Parse(result.Stdout)!.AsObject();
        Assert.False((bool)root["same"]!);
        Assert.False((bool)root["allReachable"]!);
        var failed = root["nameServers"]![2]!;
        Assert.Equal(down, (string)failed["nameServer"]!);
        Assert.False((bool)failed["ok"]!);
        Assert.Contains(down, (string)failed["error"]!);
        Assert.Null(failed["tableDigest"]);
        var difference = Assert.Single(root["differences"]!.AsArray())!;
        Assert.Equal("TopicC", (string)difference["topic"]!);
        var digests = difference["digests"]!.AsObject();
        Assert.True(digests.ContainsKey(First));
        Assert.Null(digests[First]);
        Assert.NotNull(digests[Second]);
        Assert.False(digests.ContainsKey(down));
    }

    private static (string Topics, string Digest) ServerLine(Outcome result, string address)
    {
        var match = Regex.Match(result.Stdout, $@"(?m)^{Regex.Escape(address)} +(\d+) +([0-9a-f]{{16}})$");
        Assert.True(match.Success, $"no line for {address} in:\n{result}");
        return (match.Groups[1].Value, match.Groups[2].Value);
    }

    private static string UnusedAddress()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"127.0.0.1:{port}";
    }
}
