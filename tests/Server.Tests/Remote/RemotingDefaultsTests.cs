using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace NameServer.Actors.Server.Tests.Remote;

/// <summary>Akka.Remote is off unless configured, and binds loopback when turned on (reference.conf).</summary>
public sealed class RemotingDefaultsTests
{
    [Fact]
    public async Task ActorSystem_has_no_remoting_when_nothing_turns_it_on()
    {
        using var system = NameServerActorSystem.Create(NameServerSettings.Default.Akka, NullLoggerFactory.Instance);

        var address = ((ExtendedActorSystem)system).Provider.DefaultAddress;

        Assert.False(address.HasGlobalScope);
        Assert.Equal("akka://namesrv", address.ToString());
        await system.Terminate();
    }

    [Fact]
    public async Task ActorSystem_binds_loopback_and_refuses_type_named_payloads_when_only_the_provider_turns_remoting_on()
    {
        var akka = ConfigurationFactory.ParseString("akka.actor.provider = remote").WithFallback(NameServerSettings.Default.Akka);
        using var system = NameServerActorSystem.Create(akka, NullLoggerFactory.Instance);

        var address = ((ExtendedActorSystem)system).Provider.DefaultAddress;

        Assert.Equal(("akka.tcp", "127.0.0.1"), (address.Protocol, address.Host));
        Assert.True(system.Settings.Config.GetBoolean("akka.remote.untrusted-mode"));
        // Akka's fallback serializers that read type names are replaced: their ids are unknown to this system.
        Assert.ThrowsAny<SerializationException>(() => system.Serialization.Deserialize("\"x\""u8.ToArray(), 1, "System.String"));
        Assert.ThrowsAny<SerializationException>(() => system.Serialization.Deserialize([], 2, "System.String"));
        Assert.IsType<NameServer.Actors.Contracts.Serialization.NameServerContractSerializer>(
            system.Serialization.FindSerializerForType(typeof(NameServer.Actors.Contracts.GetRoute)));
        await system.Terminate();
    }
}
