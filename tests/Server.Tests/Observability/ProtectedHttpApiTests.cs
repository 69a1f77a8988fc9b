using System.Net;
using NameServer.Actors.Server.Observability;
using NameServer.Actors.Server.Security;

namespace NameServer.Actors.Server.Tests.Observability;

/// <summary>With route reads protected, the HTTP pages that show routes follow the admin allow-list.</summary>
public sealed class ProtectedHttpApiTests
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    private static async Task<NameServerService> StartAsync(string allowed)
    {
        var server = new NameServerService(
            TestSettings.WithFreeHttpPort.WithSecurity(s => s with { AclEnable = true, ProtectRouteReads = true, AdminAllowList = [AddressRange.Parse(allowed)] }),
            persist: false);
        await server.StartAsync(CancellationToken.None);
        return server;
    }

    [Theory]
    [InlineData("/api/overview")]
    [InlineData("/api/routes/T1")]
    [InlineData("/")]
    public async Task Api_is_forbidden_when_route_reads_are_protected_and_the_caller_is_not_allowed(string path)
    {
        await using var server = await StartAsync("10.9.9.9");

        using var response = await Http.GetAsync(new Uri($"http://{server.HttpEndPoint}{path}"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("protectRouteReads", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Health_and_metrics_stay_open_and_allowed_callers_read_the_api_when_route_reads_are_protected()
    {
        await using var denied = await StartAsync("10.9.9.9");
        await using var allowed = await StartAsync("127.0.0.1");

        using var metrics = await Http.GetAsync(new Uri($"http://{denied.HttpEndPoint}/metrics"));
        using var health = await Http.GetAsync(new Uri($"http://{denied.HttpEndPoint}/health"));
        using var overview = await Http.GetAsync(new Uri($"http://{allowed.HttpEndPoint}/api/overview"));

        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, overview.StatusCode);
    }
}

public sealed class HttpListenerStartTests
{
    [Fact]
    public async Task Start_fails_with_a_message_naming_the_port_keys_when_the_http_port_is_taken()
    {
        using var taken = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        await using var server = new NameServerService(TestSettings.WithFreeHttpPort.WithHttp(h => h with { HttpPort = port }), persist: false);

        var error = await Assert.ThrowsAsync<IOException>(() => server.StartAsync(CancellationToken.None));

        Assert.Contains($"httpPort {port}", error.Message);
        Assert.Contains("httpEnabled=false", error.Message);
    }
}
