using System.Net;
using System.Net.Sockets;
using NameServer.Actors.Admin.Tests.Support;

namespace NameServer.Actors.Admin.Tests;

public sealed class NsAdminTests : AdminTestBed
{
    [Fact]
    public async Task NsAdmin_fails_with_connection_failure_on_one_line_when_the_address_is_unreachable()
    {
        var down = UnusedAddress();

        var result = await RunAsync("clusterList", "-n", down);

        Assert.Equal(ExitCodes.ConnectionFailure, result.Code);
        Assert.Contains(down, Assert.Single(result.ErrorLines));
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public async Task NsAdmin_fails_with_connection_failure_when_the_server_never_answers()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var address = $"127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}";

        var result = await RunAsync("topicRoute", "-n", address, "-t", "TopicA", "--timeout", "200");

        Assert.Equal(ExitCodes.ConnectionFailure, result.Code);
        Assert.Contains(address, Assert.Single(result.ErrorLines));
    }

    [Fact]
    public async Task NsAdmin_fails_with_a_usage_error_when_no_address_is_given()
    {
        EnvironmentAddress = null;

        var result = await RunAsync("clusterList");

        Assert.Equal(ExitCodes.Usage, result.Code);
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains("-n", line);
        Assert.Contains("NAMESRV_ADDR", line);
    }

    [Fact]
    public async Task NsAdmin_uses_NAMESRV_ADDR_when_n_is_not_given()
    {
        EnvironmentAddress = Second;

        var result = await RunAsync("getNamesrvConfig");

        Assert.Equal(ExitCodes.Ok, result.Code);
        Assert.Contains(Second, result.Stdout);
        Assert.DoesNotContain(First, result.Stdout);
    }

    [Fact]
    public async Task NsAdmin_prefers_n_when_NAMESRV_ADDR_is_also_set()
    {
        EnvironmentAddress = UnusedAddress();

        var result = await RunAsync("topicRoute", "-t", "TopicA", "-n", First);

        Assert.Equal(ExitCodes.Ok, result.Code);
    }

    [Fact]
    public async Task NsAdmin_fails_with_a_usage_error_when_the_address_is_malformed()
    {
        var result = await RunAsync("clusterList", "-n", "not-an-address");

        Assert.Equal(ExitCodes.Usage, result.Code);
        Assert.Contains("not-an-address", Assert.Single(result.ErrorLines));
    }

    [Theory]
    [InlineData("noSuchCommand")]
    [InlineData("topicRoute", "--topic")]
    [InlineData("clusterList", "--timeout", "0")]
    [InlineData("clusterList", "--timeout", "soon")]
    [InlineData("getKvConfig", "-s", "ns")]
    [InlineData("updateKvConfig", "-s", "ns", "-k", "key")]
    public async Task NsAdmin_fails_with_a_usage_error_when_arguments_are_bad(params string[] args)
    {
        var result = await RunAsync([.. args, "-n", "127.0.0.1:9876"]);

        Assert.Equal(ExitCodes.Usage, result.Code);
        Assert.NotEmpty(result.ErrorLines);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public async Task NsAdmin_fails_with_a_usage_error_when_no_command_is_given()
    {
        var result = await RunAsync("-n", First);

        Assert.Equal(ExitCodes.Usage, result.Code);
        Assert.NotEmpty(result.ErrorLines);
    }

    [Fact]
    public async Task NsAdmin_prints_every_subcommand_and_the_exit_codes_when_help_is_asked()
    {
        var result = await RunAsync("--help");

        Assert.Equal(ExitCodes.Ok, result.Code);
        foreach (var command in new[] { "clusterList", "topicRoute", "topicList", "topicClusterList", "deleteTopic", "updateKvConfig", "deleteKvConfig", "getKvConfig", "getKvList", "updateOrderConf", "getNamesrvConfig", "updateNamesrvConfig", "wipeWritePerm", "addWritePerm", "compareRoutes" })
        {
            Assert.Contains(command, result.Stdout);
        }
        Assert.Contains("Exit codes", result.Stdout);
    }

    [Fact]
    public async Task NsAdmin_returns_cancelled_when_interrupted()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var address = $"127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}";
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var stderr = new StringWriter();

        var code = await NsAdmin.RunAsync(["topicRoute", "-n", address, "-t", "T", "--timeout", "10000"], new StringWriter(), stderr, new NsAdminSettings(), stop.Token)
            .WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(ExitCodes.Cancelled, code);
        Assert.Contains("interrupted", stderr.ToString());
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
