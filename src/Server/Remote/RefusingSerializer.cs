using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Configuration;
using Akka.Serialization;

namespace NameServer.Actors.Server.Remote;

/// <summary>
/// Stands in, in the NameServer's <c>reference.conf</c>, for the serializers that would build objects of .NET types a
/// peer names: Akka's Newtonsoft.Json fallback (<c>json</c>, id 1, <c>$type</c> names honoured), the Protobuf
/// serializer that resolves its manifest as a type (<c>proto</c>, id 2) and remote deployment (<c>daemon-create</c>,
/// id 3, Props of any type). With these names pointing here, Akka never creates those serializers, so a message
/// arriving with id 1, 2 or 3 finds no serializer and is logged and dropped while the association stays up; nothing is
/// ever serialized or deserialized here.
/// </summary>
/// <remarks>
/// Akka has no setting that removes a serializer, only ones that rename what a name points to; Akka's own harmless
/// serializers cannot stand in, because Akka creates the one named <c>json</c> with its settings section and they take
/// none. Outbound, <c>allow-unregistered-types = off</c> already keeps Akka from falling back on <c>System.Object</c>.
/// </remarks>
public sealed class RefusingSerializer : Serializer
{
    /// <summary>Its own identifier, so that ids 1, 2 and 3 stay unknown.</summary>
    public const int SerializerId = 9877;

    /// <summary>Created by Akka for a name of <c>akka.actor.serializers</c>.</summary>
    public RefusingSerializer(ExtendedActorSystem system)
        : base(system)
    {
    }

    /// <summary>Created by Akka for a name that has a section under <c>akka.actor.serialization-settings</c> (<c>json</c> has).</summary>
    public RefusingSerializer(ExtendedActorSystem system, Config config)
        : base(system)
    {
        _ = config;
    }

    public override int Identifier => SerializerId;

    public override bool IncludeManifest => false;

    public override byte[] ToBinary(object obj) =>
        throw new SerializationException(
            $"{obj?.GetType().FullName ?? "null"} has no serializer in the NameServer: only the contract's messages (and Akka's own) cross the network.");

    public override object FromBinary(byte[] bytes, Type type) =>
        throw new SerializationException("The NameServer does not read payloads whose type a peer names.");
}
