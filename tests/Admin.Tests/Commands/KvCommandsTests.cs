using System.Text.Json.Nodes;
using NameServer.Actors.Admin.Tests.Support;
using NameServer.Actors.Client;

namespace NameServer.Actors.Admin.Tests.Commands;

public sealed class KvCommandsTests : AdminTestBed
{
    [Fact]
    public async Task UpdateKvConfig_puts_the_entry_on_every_nameserver()
    {
        var result = await RunAsync("updateKvConfig", "-n", Both, "-s", "demo", "-k", "color", "-v", "blue");

        Assert.Equal(ExitCodes.Ok, result.Code);
        Assert.Contains("#NameServer #Result", result.Text);
        Assert.Contains($"{First} OK", result.Text);
        Assert.Contains($"{Second} OK", result.Text);
        foreach (var address in new[] { First, Second })
        {
            await using var client = ClientFor(address);
            Assert.Equal("blue", await client.GetKvConfigAsync("demo", "color"));
        }
    }

    [Fact]
    public async Task UpdateKvConfig_reports_each_server_and_fails_when_one_is_unreachable()
    {
        var down = UnusedAddress();

        var result = await RunAsync("updateKvConfig", "-n", $"{First};{down}", "-s", "demo", "-k", "color", "-v", "red", "--json");

        Assert.Equal(ExitCodes.ConnectionFailure, result.Code);
        var servers = JsonNode.Parse(result.Stdout)!.AsArray();
        Assert.True((bool)servers[0]!["ok"]!);
        Assert.False((bool)servers[1]!["ok"]!);
        Assert.Equal(down, (string?)servers[1]!["nameServer"]);
        Assert.Contains(down, Assert.Single(result.ErrorLines));
        await using var client = ClientFor(First);
        Assert.Equal("red", await client.GetKvConfigAsync("demo", "color"));
    }

    [Fact]
    public async Task GetKvConfig_prints_the_value_as_table_and_json()
    {
        await RunAsync("updateKvConfig", "-n", Both, "-s", "demo", "-k", "color", "-v", "green");

        var table = await RunAsync("getKvConfig", "-n", Second, "-s", "demo", "-k", "color");
        var json = await RunAsync("getKvConfig", "-n", Second, "-s", "demo", "-k", "color", "--json");

        Assert.Equal(ExitCodes.Ok, table.Code);
        Assert.Contains("#Namespace #Key #Value", table.Text);
        Assert.Contains("demo color green", table.Text);
        Assert.Equal(ExitCodes.Ok, json.Code);
        Assert.Equal("green", (string?)JsonNode.Parse(json.Stdout)!["value"]);
    }

    [Fact]
    public async Task DeleteKvConfig_removes_the_entry_everywhere_so_getKvConfig_fails_with_code_22()
    {
        await RunAsync("updateKvConfig", "-n", Both, "-s", "demo", "-k", "color", "-v", "green");

        var deleted = await RunAsync("deleteKvConfig", "-n", Both, "-s", "demo", "-k", "color");
        var first = await RunAsync("getKvConfig", "-n", First, "-s", "demo", "-k", "color");
        var second = await RunAsync("getKvConfig", "-n", Second, "-s", "demo", "-k", "color");

        Assert.Equal(ExitCodes.Ok, deleted.Code);
        Assert.Contains($"{Second} OK", deleted.Text);
        foreach (var (outcome, address) in new[] { (first, First), (second, Second) })
        {
            Assert.Equal(ExitCodes.ServerError, outcome.Code);
            var line = Assert.Single(outcome.ErrorLines);
            Assert.Contains("22", line);
            Assert.Contains(address, line);
            Assert.Contains("demo", line);
        }
    }

    [Fact]
    public async Task DeleteKvConfig_reports_every_server_in_json()
    {
        var result = await RunAsync("deleteKvConfig", "-n", Both, "-s", "demo", "-k", "never-set", "--json");

        Assert.Equal(ExitCodes.Ok, result.Code);
        var servers = JsonNode.Parse(result.Stdout)!.AsArray();
        Assert.Equal([First, Second], servers.Select(s => (string?)s!["nameServer"]));
        Assert.All(servers, s => Assert.True((bool)s!["ok"]!));
    }

    [Fact]
    public async Task GetKvList_prints_the_namespace_sorted_as_table_and_json()
    {
        await RunAsync("updateKvConfig", "-n", First, "-s", "demo", "-k", "b", "-v", "2");
        await RunAsync("updateKvConfig", "-n", First, "-s", "demo", "-k", "a", "-v", "1");

        var table = await RunAsync("getKvList", "-n", First, "-s", "demo");
        var json = await RunAsync("getKvList", "-n", First, "-s", "demo", "--json");

        Assert.Equal(ExitCodes.Ok, table.Code);
        Assert.Equal(["#Key #Value", "a 1", "b 2"], table.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var entries = JsonNode.Parse(json.Stdout)!["entries"]!.AsObject();
        Assert.Equal("1", (string?)entries["a"]);
        Assert.Equal("2", (string?)entries["b"]);
    }

    [Fact]
    public async Task GetKvList_fails_with_code_22_when_the_namespace_is_unknown()
    {
        var result = await RunAsync("getKvList", "-n", First, "-s", "nothing-here");

        Assert.Equal(ExitCodes.ServerError, result.Code);
        Assert.Contains("22", Assert.Single(result.ErrorLines));
    }

    [Fact]
    public async Task UpdateOrderConf_puts_gets_and_deletes_the_order_conf_on_every_nameserver()
    {
        var put = await RunAsync("updateOrderConf", "-n", Both, "-t", "TopicA", "-m", "put", "-v", "broker-a:4");
        var get = await RunAsync("updateOrderConf", "-n", Second, "-t", "TopicA", "-m", "get");
        var getJson = await RunAsync("updateOrderConf", "-n", First, "-t", "TopicA", "-m", "get", "--json");
        var delete = await RunAsync("updateOrderConf", "-n", Both, "-t", "TopicA", "-m", "delete");
        var gone = await RunAsync("updateOrderConf", "-n", Second, "-t", "TopicA", "-m", "get");

        Assert.Equal(ExitCodes.Ok, put.Code);
        Assert.Contains($"{Second} OK", put.Text);
        Assert.Equal(ExitCodes.Ok, get.Code);
        Assert.Contains("TopicA broker-a:4", get.Text);
        Assert.Equal("broker-a:4", (string?)JsonNode.Parse(getJson.Stdout)!["orderConf"]);
        Assert.Equal(ExitCodes.Ok, delete.Code);
        Assert.Equal(ExitCodes.ServerError, gone.Code);
        Assert.Contains("22", Assert.Single(gone.ErrorLines));
        await using var client = ClientFor(First);
        Assert.Null(await client.GetKvConfigAsync(NameServerClient.OrderTopicConfigNamespace, "TopicA"));
    }

    [Fact]
    public async Task UpdateOrderConf_fails_with_a_usage_error_when_put_has_no_conf()
    {
        var result = await RunAsync("updateOrderConf", "-n", Both, "-t", "TopicA", "-m", "put");

        Assert.Equal(ExitCodes.Usage, result.Code);
        Assert.Contains("-v", result.ErrorLines[0]);
    }

    [Fact]
    public async Task UpdateOrderConf_fails_with_a_usage_error_when_the_method_is_unknown()
    {
        var result = await RunAsync("updateOrderConf", "-n", Both, "-t", "TopicA", "-m", "replace");

        Assert.Equal(ExitCodes.Usage, result.Code);
        Assert.Contains("replace", result.ErrorLines[0]);
    }

    private static string UnusedAddress()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"127.0.0.1:{port}";
    }
}
