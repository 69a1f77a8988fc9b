using System.Text.Json.Nodes;
using NameServer.Actors.Admin.Tests.Support;

namespace NameServer.Actors.Admin.Tests.Commands;

public sealed class NamesrvConfigCommandsTests : AdminTestBed
{
    [Fact]
    public async Task GetNamesrvConfig_prints_each_nameservers_settings()
    {
        var result = await RunAsync("getNamesrvConfig", "-n", Both);

        Assert.Equal(ExitCodes.Ok, result.Code);
        Assert.Contains($"============{First}============", result.Stdout);
        Assert.Contains($"============{Second}============", result.Stdout);
        Assert.Contains("orderMessageEnable = false", result.Text);
        Assert.Empty(result.Stderr);
    }

    [Fact]
    public async Task GetNamesrvConfig_prints_one_entry_per_server_when_json_is_asked()
    {
        var result = await RunAsync("getNamesrvConfig", "-n", Both, "--json");

        Assert.Equal(ExitCodes.Ok, result.Code);
        var servers = JsonNode.Parse(result.Stdout)!.AsArray();
        Assert.Equal([First, Second], servers.Select(s => (string?)s!["nameServer"]));
        Assert.All(servers, s => Assert.Equal("false", (string?)s!["config"]!["orderMessageEnable"]));
    }

    [Fact]
    public async Task UpdateNamesrvConfig_changes_the_setting_on_every_nameserver()
    {
        var update = await RunAsync("updateNamesrvConfig", "-n", Both, "-k", "orderMessageEnable", "-v", "true");
        var read = await RunAsync("getNamesrvConfig", "-n", Both, "--json");
        await RunAsync("updateOrderConf", "-n", Both, "-t", "TopicA", "-m", "put", "-v", "broker-a:4");
        var route = await RunAsync("topicRoute", "-n", Second, "-t", "TopicA");

        Assert.Equal(ExitCodes.Ok, update.Code);
        Assert.Contains($"{First} OK", update.Text);
        Assert.Contains($"{Second} OK", update.Text);
        Assert.All(JsonNode.Parse(read.Stdout)!.AsArray(), s => Assert.Equal("true", (string?)s!["config"]!["orderMessageEnable"]));
        Assert.Contains("Order topic conf: broker-a:4", route.Stdout);
    }

    [Fact]
    public async Task UpdateNamesrvConfig_fails_with_code_16_from_each_server_when_the_key_is_black_listed()
    {
        var result = await RunAsync("updateNamesrvConfig", "-n", Both, "-k", "kvConfigPath", "-v", "/tmp/elsewhere.json");

        Assert.Equal(ExitCodes.ServerError, result.Code);
        Assert.Equal(2, result.ErrorLines.Length);
        Assert.Contains(result.ErrorLines, l => l.Contains(First, StringComparison.Ordinal) && l.Contains("16", StringComparison.Ordinal));
        Assert.Contains(result.ErrorLines, l => l.Contains(Second, StringComparison.Ordinal) && l.Contains("16", StringComparison.Ordinal));
        Assert.Contains($"{First} FAILED: code 16", result.Text);
        var read = await RunAsync("getNamesrvConfig", "-n", First, "--json");
        Assert.NotEqual("/tmp/elsewhere.json", (string?)JsonNode.Parse(read.Stdout)![0]!["config"]!["kvConfigPath"]);
    }

    [Fact]
    public async Task UpdateNamesrvConfig_reports_code_and_remark_in_json_when_refused()
    {
        var result = await RunAsync("updateNamesrvConfig", "-n", First, "-k", "configStorePath", "-v", "x", "--json");

        Assert.Equal(ExitCodes.ServerError, result.Code);
        var server = JsonNode.Parse(result.Stdout)!.AsArray().Single()!;
        Assert.False((bool)server["ok"]!);
        Assert.Equal(16, (int)server["code"]!);
        Assert.False(string.IsNullOrEmpty((string?)server["remark"]));
    }
}
