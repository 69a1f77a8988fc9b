using System.Runtime.Serialization;
using System.Text;
using Akka.Actor;
using Akka.Configuration;
using Akka.Remote;
using Akka.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using NameServer.Actors.Contracts;
using NameServer.Actors.Contracts.Serialization;
using Xunit.Abstractions;

namespace NameServer.Actors.Server.Tests.Remote;

/// <summary>
/// Messages a peer should not send: an unknown manifest, a payload the contract cannot decode, and an object whose
/// .NET type the peer names (Akka's JSON fallback). Each is dropped, and the same association then carries a valid
/// request and its answer.
/// </summary>
public sealed class HostileMessagesTests : RemoteTestKit
{
    private readonly ITestOutputHelper _output;
    private readonly FakeLogCollector _logs = new();

    public HostileMessagesTests(ITestOutputHelper output)
        : base(output)
    {
        _output = output;
        ServerLogs = LoggerFactory.Create(b => b.AddProvider(new FakeLoggerProvider(_logs)).SetMinimumLevel(LogLevel.Debug));
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        ServerLogs.Dispose();
    }

    // What the server logged about the hostile messages; none of its lines says an association failed or was gated.
    private void AssertServerDroppedWithoutLosingTheAssociation(params string[] expected)
    {
        var lines = _logs.GetSnapshot().Where(r => r.Level >= LogLevel.Warning).Select(r => r.Message + " " + r.Exception?.Message).ToList();
        foreach (var line in lines)
        {
            _output.WriteLine("server: " + line);
        }
        foreach (var text in expected)
        {
            Assert.Contains(lines, l => l.Contains(text, StringComparison.Ordinal));
        }
        Assert.DoesNotContain(lines, l => l.Contains("gated", StringComparison.Ordinal) || l.Contains("Disassociated", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Gateway_answers_a_valid_request_on_the_same_association_after_an_unknown_manifest_and_a_garbage_payload()
    {
        // A peer whose serializer claims the contract's id but writes what it likes; no type names for Akka's fallback.
        var forger = StartBareSystem("forger", """
            akka.actor.serializers.forging = "NameServer.Actors.Server.Tests.Remote.ForgingSerializer, NameServer.Actors.Server.Tests"
            akka.actor.serialization-bindings {
              "NameServer.Actors.Contracts.INameServerMessage, NameServer.Actors.Contracts" = forging
              "NameServer.Actors.Server.Tests.Remote.Forged, NameServer.Actors.Server.Tests" = forging
            }
            """);
        var answers = CreateTestProbe();
        var client = forger.ActorOf(Forwarder.Props(answers.Ref), "client");
        var disassociations = CreateTestProbe();
        forger.EventStream.Subscribe(forger.ActorOf(Forwarder.Props(disassociations.Ref)), typeof(DisassociatedEvent));
        var gateway = forger.ActorSelection(GatewayAddress);
        // The association is up before the hostile messages.
        gateway.Tell(new GetRoute("Before"), client);
        Assert.Equal(new RouteReply("Before", null), await answers.ExpectMsgAsync<RouteReply>(Timeout));

        gateway.Tell(new Forged("v1.no-such-message", "{}"), client);
        gateway.Tell(new Forged("v1.get-route", "{not json"), client);
        gateway.Tell(new Forged("v1.get-route", "{\"topic\": 42}"), client);
        gateway.Tell(new Forged("v99.get-route", "{\"topic\":\"x\"}"), client);
        gateway.Tell(new GetRoute("After"), client);

        Assert.Equal(new RouteReply("After", null), await answers.ExpectMsgAsync<RouteReply>(Timeout));
        await disassociations.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));
        AssertServerDroppedWithoutLosingTheAssociation(
            "Manifest=v1.no-such-message", "Manifest=v1.get-route", "Manifest=v99.get-route", "association remains live");
    }

    [Fact]
    public async Task Gateway_answers_a_valid_request_on_the_same_association_after_an_object_whose_type_the_peer_names()
    {
        // Akka's default: an unbound type goes out through the JSON fallback (serializer id 1, with its .NET type name).
        var peer = StartBareSystem("peer", NameServerContracts.ConfigText);
        var answers = CreateTestProbe();
        var client = peer.ActorOf(Forwarder.Props(answers.Ref), "client");
        var disassociations = CreateTestProbe();
        peer.EventStream.Subscribe(peer.ActorOf(Forwarder.Props(disassociations.Ref)), typeof(DisassociatedEvent));
        var gateway = peer.ActorSelection(GatewayAddress);
        gateway.Tell(new GetRoute("Before"), client);
        await answers.ExpectMsgAsync<RouteReply>(Timeout);

        gateway.Tell(new NamedType("System.Diagnostics.Process"), client);
        gateway.Tell(new GetRoute("After"), client);

        Assert.Equal(new RouteReply("After", null), await answers.ExpectMsgAsync<RouteReply>(Timeout));
        await disassociations.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));
        AssertServerDroppedWithoutLosingTheAssociation("SerializerId=1,", "association remains live");
    }
}

/// <summary>A message sent with a chosen manifest and payload under the contract serializer's id.</summary>
public sealed record Forged(string Manifest, string Json);

/// <summary>A type no serializer binds: Akka sends it through its JSON fallback, its .NET type name included.</summary>
public sealed record NamedType(string Text);

/// <summary>
/// The contract's serializer for real messages, and a forger of <see cref="Forged"/> ones under the same id: what a
/// hostile or newer peer can put on the wire.
/// </summary>
public sealed class ForgingSerializer : SerializerWithStringManifest
{
    private readonly NameServerContractSerializer _contract;

    public ForgingSerializer(ExtendedActorSystem system)
        : base(system) => _contract = new NameServerContractSerializer(system);

    public override int Identifier => NameServerContractSerializer.SerializerId;

    public override string Manifest(object o) => o is Forged forged ? forged.Manifest : _contract.Manifest(o);

    public override byte[] ToBinary(object obj) => obj is Forged forged ? Encoding.UTF8.GetBytes(forged.Json) : _contract.ToBinary(obj);

    public override object FromBinary(byte[] bytes, string manifest) => _contract.FromBinary(bytes, manifest);
}
