using System.Runtime.Serialization;
using System.Text;
using Akka.Actor;
using NameServer.Actors.Contracts.Serialization;

namespace NameServer.Actors.Contracts.Tests.Serialization;

public sealed class NameServerContractSerializerTests : IDisposable
{
    private readonly ActorSystem _system = ActorSystem.Create("contracts", NameServerContracts.Config);
    private readonly NameServerContractSerializer _serializer;

    public NameServerContractSerializerTests()
    {
        _serializer = new NameServerContractSerializer((ExtendedActorSystem)_system);
    }

    public void Dispose() => _system.Dispose();

    public static TheoryData<INameServerMessage> Messages() => [.. SampleMessages.All()];

    [Theory]
    [MemberData(nameof(Messages))]
    public void Serializer_round_trips_a_message_when_read_under_its_own_manifest(INameServerMessage message)
    {
        var bytes = _serializer.ToBinary(message);
        var manifest = _serializer.Manifest(message);

        var read = _serializer.FromBinary(bytes, manifest);

        Assert.IsType(message.GetType(), read);
        Assert.Equivalent(message, read, strict: true);
        Assert.Equal(bytes, _serializer.ToBinary(read));
    }

    [Fact]
    public void Manifests_cover_every_message_type_with_a_versioned_name()
    {
        var messageTypes = typeof(INameServerMessage).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(INameServerMessage).IsAssignableFrom(t))
            .ToHashSet();

        Assert.Equal(messageTypes, NameServerContractSerializer.Manifests.Values.ToHashSet());
        Assert.All(NameServerContractSerializer.Manifests.Keys, m => Assert.StartsWith($"v{NameServerContracts.Version}.", m, StringComparison.Ordinal));
        Assert.Equal(messageTypes.Select(t => t.Name).Order(), SampleMessages.All().Select(m => m.GetType().Name).Distinct().Order());
    }

    [Fact]
    public void Akka_picks_the_contract_serializer_for_every_message_when_the_contract_config_is_added()
    {
        var serialization = _system.Serialization;

        foreach (var message in SampleMessages.All())
        {
            var serializer = serialization.FindSerializerFor(message);
            Assert.Equal(NameServerContractSerializer.SerializerId, serializer.Identifier);
            var bytes = serialization.Serialize(message);
            var read = serialization.Deserialize(bytes, serializer.Identifier, _serializer.Manifest(message));
            Assert.Equivalent(message, read, strict: true);
        }
    }

    [Theory]
    [InlineData("v2.get-route")]
    [InlineData("")]
    [InlineData("NameServer.Actors.Contracts.GetRoute, NameServer.Actors.Contracts")]
    [InlineData("System.IO.FileInfo, System.Private.CoreLib")]
    public void FromBinary_refuses_with_a_clear_message_when_the_manifest_is_unknown(string manifest)
    {
        var e = Assert.Throws<SerializationException>(() => _serializer.FromBinary("""{"topic":"TopicA"}"""u8.ToArray(), manifest));

        Assert.Contains($"Unknown NameServer contract manifest '{manifest}'", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\u0000\u0001garbage")]
    [InlineData("""{"topic":""")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("""{"topic":null}""")]
    [InlineData("""{}""")]
    [InlineData("""{"topic":42}""")]
    public void FromBinary_refuses_a_payload_when_it_is_not_a_valid_message(string payload)
    {
        var e = Assert.Throws<SerializationException>(() => _serializer.FromBinary(Encoding.UTF8.GetBytes(payload), "v1.get-route"));

        Assert.Contains("'v1.get-route'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromBinary_refuses_an_unknown_enum_name_when_reading_a_topic_list_request()
    {
        Assert.Throws<SerializationException>(() => _serializer.FromBinary("""{"kind":"Everything","cluster":null}"""u8.ToArray(), "v1.get-topic-list"));
    }

    [Fact]
    public void FromBinary_ignores_type_hints_and_unknown_fields_when_the_manifest_says_what_to_read()
    {
        var payload = """{"$type":"System.IO.FileInfo, System.Private.CoreLib","topic":"TopicA","addedByANewerPeer":1}"""u8.ToArray();

        var read = _serializer.FromBinary(payload, "v1.get-route");

        Assert.Equal(new GetRoute("TopicA"), read);
    }

    [Fact]
    public void Serializer_refuses_an_object_when_it_is_not_a_contract_message()
    {
        Assert.Throws<SerializationException>(() => _serializer.Manifest("text"));
        Assert.Throws<SerializationException>(() => _serializer.ToBinary(new object()));
    }

    [Fact]
    public void Serializer_writes_camel_case_fields_and_enum_names_when_serializing()
    {
        var json = Encoding.UTF8.GetString(_serializer.ToBinary(new GetTopicList(TopicListKind.Cluster, "c")));

        Assert.Equal("""{"kind":"Cluster","cluster":"c"}""", json);
    }

    [Fact]
    public void GatewayAddress_names_the_gateway_of_a_namesrv_when_given_host_and_port()
    {
        Assert.Equal("akka.tcp://namesrv@127.0.0.1:2552/user/nameserver/gateway", NameServerContracts.GatewayAddress("127.0.0.1", 2552));
        Assert.Equal("akka.ssl.tcp://namesrv@10.0.0.1:2552/user/nameserver/gateway", NameServerContracts.GatewayAddress("10.0.0.1", 2552, tls: true));
        Assert.Equal("akka.tcp://namesrv@[::1]:2552/user/nameserver/gateway", NameServerContracts.GatewayAddress("::1", 2552));
    }
}
