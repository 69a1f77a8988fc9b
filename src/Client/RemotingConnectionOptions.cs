using NameServer.Actors.Protocol;
using NameServer.Actors.Protocol.Frames;
using NameServer.Actors.Protocol.Headers;

namespace NameServer.Actors.Client;

/// <summary>Settings of one <see cref="RemotingConnection"/>; the defaults are those of a 5.3.3 Java client.</summary>
public sealed record RemotingConnectionOptions
{
    public static readonly RemotingConnectionOptions Default = new();

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Header codec of every request (the NameServer answers in the same one).</summary>
    public SerializeType SerializeType { get; init; } = SerializeType.Json;

    /// <summary><c>MQVersion</c> ordinal sent in every request; 479 = 5.3.3, 409 = 4.9.8.</summary>
    public int Version { get; init; } = MqVersion.V5_3_3;

    /// <summary>The Java NameServer ignores it; JAVA keeps every server implementation happy.</summary>
    public LanguageCode Language { get; init; } = LanguageCode.JAVA;

    /// <summary>Frames larger than this close the connection (Java client default 16 MiB).</summary>
    public int MaxFrameLength { get; init; } = FrameReader.DefaultMaxFrameLength;

    /// <summary>Clock of the request and connect timeouts (tests pass a manual one).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
