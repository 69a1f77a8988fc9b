using System.Globalization;
using NameServer.Actors.Client;
using NameServer.Actors.Protocol;

namespace NameServer.Actors.BrokerSimulator;

/// <summary>Validated settings of one simulator run.</summary>
public sealed record SimulatorSettings
{
    public required IReadOnlyList<string> NameServers { get; init; }

    public int Clusters { get; init; } = 1;

    public int Brokers { get; init; } = 1;

    public int Slaves { get; init; }

    public int Topics { get; init; } = 4;

    public TimeSpan Period { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Broker <c>MQVersion</c> ordinal: 409 (4.9.8) or 479 (5.3.3).</summary>
    public int Version { get; init; } = MqVersion.V5_3_3;

    public bool Compressed { get; init; }

    /// <summary>Null = until cancelled (Ctrl+C).</summary>
    public TimeSpan? Duration { get; init; }

    public string Host { get; init; } = "127.0.0.1";

    public int BasePort { get; init; } = 10911;

    public IReadOnlyList<string> Crash { get; init; } = [];

    public TimeSpan CrashAfter { get; init; } = TimeSpan.FromSeconds(10);

    public IReadOnlyList<string> Silence { get; init; } = [];

    public TimeSpan SilenceAfter { get; init; } = TimeSpan.FromSeconds(10);

    public bool UnregisterOnExit { get; init; } = true;

    public bool Quiet { get; init; }

    public bool Json { get; init; }

    /// <summary>Ports used per broker instance (listen port, HA port = listen + 1).</summary>
    public const int PortStride = 10;

    public int InstancesPerGroup => Slaves + 1;

    public int TotalInstances => Brokers * InstancesPerGroup;

    public static string BrokerName(int group) => string.Create(CultureInfo.InvariantCulture, $"broker-{group}");

    public string ClusterName(int group) =>
        Clusters == 1 ? "DefaultCluster" : string.Create(CultureInfo.InvariantCulture, $"Cluster-{group % Clusters}");

    public int Port(int group, long brokerId) => BasePort + (((group * InstancesPerGroup) + (int)brokerId) * PortStride);

    /// <summary>Parses the <c>--version</c> text: 4.9 style (409) or 5.x style (479).</summary>
    public static int? ParseVersion(string text) => text.Trim().ToLowerInvariant() switch
    {
        "4" or "4.9" or "4.9.x" or "4.9.8" or "409" => MqVersion.V4_9_8,
        "5" or "5.x" or "5.3" or "5.3.3" or "479" => MqVersion.V5_3_3,
        _ => null,
    };

    /// <summary>Every problem with the settings, one sentence each (empty = valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Clusters > Brokers)
        {
            errors.Add($"--clusters ({Clusters}) must not exceed --brokers ({Brokers}): every cluster needs a broker group.");
        }
        var lastHaPort = (long)BasePort + ((long)(TotalInstances - 1) * PortStride) + 1;
        if (lastHaPort > 65535)
        {
            errors.Add($"--base-port {BasePort} leaves no room for {TotalInstances} brokers ({PortStride} ports each); the last would need port {lastHaPort}.");
        }
        foreach (var (option, targets) in new[] { ("--crash", Crash), ("--silence", Silence) })
        {
            foreach (var target in targets)
            {
                if (!TryParseTarget(target, out _, out _))
                {
                    errors.Add($"{option}: '{target}' is not a broker of this run (expected broker-<0..{Brokers - 1}> or broker-<n>:<brokerId 0..{Slaves}>).");
                }
            }
        }
        return errors;
    }

    /// <summary>
    /// <c>broker-3</c> = every member of group 3; <c>broker-3:1</c> = only its broker id 1.
    /// </summary>
    public bool TryParseTarget(string target, out int group, out long? brokerId)
    {
        group = -1;
        brokerId = null;
        var parts = target.Split(':');
        if (parts.Length > 2 || !parts[0].StartsWith("broker-", StringComparison.Ordinal)
            || !int.TryParse(parts[0].AsSpan("broker-".Length), NumberStyles.None, CultureInfo.InvariantCulture, out group)
            || group >= Brokers)
        {
            return false;
        }
        if (parts.Length == 2)
        {
            if (!long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id > Slaves)
            {
                return false;
            }
            brokerId = id;
        }
        return true;
    }

    /// <summary>Whether <paramref name="broker"/> is named by one of <paramref name="targets"/>.</summary>
    public bool Matches(IReadOnlyList<string> targets, int group, SimulatedBroker broker) =>
        targets.Any(t => TryParseTarget(t, out var g, out var id) && g == group && (id is null || id == broker.BrokerId));
}
