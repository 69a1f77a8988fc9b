using NameServer.Actors.Protocol;
using NameServer.Actors.Protocol.Frames;
using NameServer.Actors.Protocol.Headers;

namespace NameServer.Actors.Client;

/// <summary>Settings of a <see cref="NameServerClient"/>; defaults follow the Java client (<c>NettyClientConfig</c>, <c>ClientConfig.mqClientApiTimeout</c>).</summary>
public sealed record NameServerClientOptions
{
    /// <summary><c>"host:9876;host2:9876"</c> (also <c>,</c>-separated; <c>http://</c> prefixes are stripped).</summary>
    public required string Addresses { get; init; }

    /// <summary>Default timeout of one request (Java <c>mqClientApiTimeout</c>).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(3);

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary><c>MQVersion</c> ordinal sent with every request (479 = 5.3.3, 409 = 4.9.8).</summary>
    public int Version { get; init; } = MqVersion.V5_3_3;

    public SerializeType SerializeType { get; init; } = SerializeType.Json;

    public LanguageCode Language { get; init; } = LanguageCode.JAVA;

    public int MaxFrameLength { get; init; } = FrameReader.DefaultMaxFrameLength;

    /// <summary>
    /// Start at a random address like Java does (spreads clients over the servers); false = always start with the
    /// first address (deterministic tests, "primary first" setups).
    /// </summary>
    public bool RandomStart { get; init; } = true;

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    internal RemotingConnectionOptions ToConnectionOptions() => new()
    {
        ConnectTimeout = ConnectTimeout,
        SerializeType = SerializeType,
        Version = Version,
        Language = Language,
        MaxFrameLength = MaxFrameLength,
        TimeProvider = TimeProvider,
    };
}

/// <summary>Per-call overrides: a specific server instead of the sticky one, another timeout.</summary>
public sealed record RequestOptions
{
    /// <summary>Send to this address (<c>host:port</c>) instead of the sticky choice; no fail-over then.</summary>
    public string? Address { get; init; }

    public TimeSpan? Timeout { get; init; }

    public static RequestOptions ForAddress(string address) => new() { Address = address };
}
