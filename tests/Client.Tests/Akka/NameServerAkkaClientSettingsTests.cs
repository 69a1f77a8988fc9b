using Akka.Configuration;
using NameServer.Actors.Client.Akka;

namespace NameServer.Actors.Client.Tests.Akka;

public sealed class NameServerAkkaClientSettingsTests
{
    [Fact]
    public void ParseGateways_turns_host_port_entries_into_gateway_paths_and_keeps_actor_paths()
    {
        var gateways = NameServerAkkaClientSettings.ParseGateways(
            " 127.0.0.1:2552 ; akka.tcp://namesrv@10.0.0.1:2552/user/nameserver/gateway,[::1]:2553;127.0.0.1:2552");

        Assert.Equal(
            [
                "akka.tcp://namesrv@127.0.0.1:2552/user/nameserver/gateway",
                "akka.tcp://namesrv@10.0.0.1:2552/user/nameserver/gateway",
                "akka.tcp://namesrv@[::1]:2553/user/nameserver/gateway",
            ],
            gateways);
        Assert.Equal(["akka.ssl.tcp://namesrv@h:1/user/nameserver/gateway"], NameServerAkkaClientSettings.ParseGateways("h:1", tls: true));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ; ")]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.1:99999")]
    [InlineData("akka.tcp://not a path")]
    public void ParseGateways_throws_a_clear_ArgumentException_when_an_entry_is_unusable(string gateways)
    {
        var error = Assert.Throws<ArgumentException>(() => NameServerAkkaClientSettings.ParseGateways(gateways));
        Assert.Contains("NameServer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_reads_the_nameserver_client_section_over_the_defaults()
    {
        var settings = NameServerAkkaClientSettings.Create(ConfigurationFactory.ParseString("""
            nameserver-client {
              gateways = ["127.0.0.1:2552", "127.0.0.1:2553"]
              request-timeout = 750ms
            }
            """));

        Assert.Equal(2, settings.Gateways.Count);
        Assert.Equal(TimeSpan.FromMilliseconds(750), settings.RequestTimeout);
        Assert.Equal(TimeSpan.FromSeconds(1), settings.RetryInterval);
        Assert.Throws<ArgumentException>(() => NameServerAkkaClientSettings.Create(ConfigurationFactory.Empty));
    }
}
