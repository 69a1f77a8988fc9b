using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NameServer.Actors.Protocol;
using NameServer.Actors.Routing.Config;
using NameServer.Actors.Server.Observability;

namespace NameServer.Actors.Server.Tests;

/// <summary>Embedding: the NameServer inside a plain generic host, through the start-up path namesrv takes too.</summary>
public sealed class NameServerHostingExtensionsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("embedded-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private HostApplicationBuilder Builder(params (string Key, string Value)[] configuration)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(configuration
            .Append((Key: "nameserver:kvConfigPath", Value: Path.Combine(_dir, "kv.json")))
            .Append((Key: "nameserver:configStorePath", Value: Path.Combine(_dir, "ns.properties")))
            .Select(c => new KeyValuePair<string, string?>(c.Key, c.Value)));
        return builder;
    }

    [Fact]
    public async Task AddNameServer_serves_requests_when_added_to_a_generic_host()
    {
        var builder = Builder(("nameserver:listenPort", "0"), ("nameserver:scanNotActiveBrokerInterval", "5s"));
        builder.Services.AddNameServer(builder.Configuration);
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

    [Fact]
    public async Task AddNameServer_compares_peers_with_the_reader_registered_in_the_container_when_peers_are_configured()
    {
        var builder = Builder(("nameserver:listenPort", "0"), ("nameserver:peerNamesrvAddrs", "127.0.0.1:1"), ("nameserver:peerCheckInterval", "1h"));
        var asked = new System.Collections.Concurrent.ConcurrentQueue<string>();
        builder.Services.AddSingleton<PeerDigestReader>((address, _) =>
        {
            asked.Enqueue(address);
            return Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>());
        });
        builder.Services.AddNameServer(builder.Configuration);
        using var host = builder.Build();
        await host.StartAsync();
        var service = host.Services.GetRequiredService<NameServerService>();

        await service.Peers!.CheckAsync(CancellationToken.None);

        Assert.Equal("same", Assert.Single(service.Peers.Statuses).Status);
        Assert.Contains("127.0.0.1:1", asked);
        await host.StopAsync();
    }

    [Fact]
    public async Task AddNameServer_serves_without_comparing_peers_when_no_reader_is_registered()
    {
        var builder = Builder(("nameserver:listenPort", "0"), ("nameserver:peerNamesrvAddrs", "127.0.0.1:1"));
        builder.Services.AddNameServer(builder.Configuration);
        using var host = builder.Build();
        await host.StartAsync();
        var service = host.Services.GetRequiredService<NameServerService>();

        Assert.Null(service.Peers);
        Assert.Equal(ServerState.Ready, service.Lifecycle.State);
        await host.StopAsync();
    }

    [Fact]
    public async Task AddNameServer_takes_every_other_default_from_reference_conf_when_the_configuration_sets_one_key()
    {
        var builder = Builder(("nameserver:listenPort", "0"));
        builder.Services.AddNameServer(builder.Configuration);
        using var host = builder.Build();

        var settings = host.Services.GetRequiredService<NameServerSettings>();

        Assert.Same(settings, host.Services.GetRequiredService<NameServerService>().Settings);
        Assert.Equal(0, settings.Server.ListenPort);
        Assert.Equal(NameServerSettings.Default.Namesrv.ScanNotActiveBrokerInterval, settings.Namesrv.ScanNotActiveBrokerInterval);
        Assert.Equal(NameServerSettings.Default.Server.RequestTimeout, settings.Server.RequestTimeout);
        Assert.True(settings.Http.HttpEnabled);
        // The HTTP port follows the listen port for embedders too: 0 after 0.
        Assert.Null(settings.Http.HttpPort);
        Assert.Equal(0, settings.HttpPort);
        Assert.Equal("INFO", settings.Akka.GetString("akka.loglevel"));
        await host.StartAsync();
        Assert.NotEqual(0, host.Services.GetRequiredService<NameServerService>().HttpEndPoint.Port);
        await host.StopAsync();
    }

    [Fact]
    public void AddNameServer_puts_the_http_port_after_the_listen_port_when_only_the_listen_port_is_set()
    {
        var services = new ServiceCollection().AddNameServer(
            new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["nameserver:listenPort"] = "10000" }).Build());

        var settings = services.BuildServiceProvider().GetRequiredService<NameServerSettings>();

        Assert.Equal(10001, settings.HttpPort);
    }

    [Theory]
    [InlineData("nameserver:listenPort", "70000", "listenPort 70000 is not a TCP port")]
    [InlineData("nameserver:tlsServerMode", "strict", "tlsServerMode 'strict' is not disabled, permissive or enforcing")]
    [InlineData("nameserver:security:aclEnable", "yes", "security.aclEnable 'yes' is not true or false")]
    public void AddNameServer_refuses_a_configuration_with_an_unusable_value_naming_the_key(string key, string value, string message)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();

        var error = Assert.Throws<SettingsException>(() => new ServiceCollection().AddNameServer(configuration));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public async Task AddNameServer_applies_configure_to_the_settings_it_created()
    {
        var builder = Builder(("nameserver:listenPort", "0"));
        builder.Services.AddNameServer(builder.Configuration, s => s with { Http = s.Http with { HttpEnabled = false } });
        using var host = builder.Build();
        await host.StartAsync();
        var service = host.Services.GetRequiredService<NameServerService>();

        Assert.False(service.Settings.Http.HttpEnabled);
        Assert.Throws<InvalidOperationException>(() => service.HttpEndPoint);
        await host.StopAsync();
    }
}
