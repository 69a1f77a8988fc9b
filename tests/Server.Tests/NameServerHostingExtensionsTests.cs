using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NameServer.Actors.Protocol;

namespace NameServer.Actors.Server.Tests;

/// <summary>Embedding: the NameServer inside a plain generic host.</summary>
public sealed class NameServerHostingExtensionsTests
{
    [Fact]
    public async Task AddNameServer_serves_requests_when_added_to_a_generic_host()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["nameserver:listenPort"] = "0",
            ["nameserver:scanNotActiveBrokerInterval"] = "5s",
        });
        builder.Services.AddNameServer(builder.Configuration, (namesrv, _) =>
        {
            namesrv.KvConfigPath = Path.Combine(Path.GetTempPath(), "embedded-" + Guid.NewGuid().ToString("N"), "kv.json");
            namesrv.ConfigStorePath = Path.Combine(Path.GetTempPath(), "embedded-" + Guid.NewGuid().ToString("N"), "ns.properties");
        });
        using var host = builder.Build();
        await host.StartAsync();
        var service = host.Services.GetRequiredService<NameServerService>();

        await using (var client = await RawConnection.ConnectAsync(service.EndPoint))
        {
            var response = await client.InvokeAsync(ServerTestBase.RouteRequest("Nope"));
            Assert.Equal(ResponseCode.TopicNotExist, response.Code);
        }

        await host.StopAsync();
        Assert.Equal(ServerState.Stopped, service.Lifecycle.State);
    }
}
