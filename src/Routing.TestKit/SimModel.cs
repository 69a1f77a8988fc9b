using Akka.Actor;
using NameServer.Actors.Protocol.Model;

namespace NameServer.Actors.Routing.TestKit;

/// <summary>Where a simulated broker stands as far as the NameServer should know.</summary>
internal enum BrokerPhase
{
    /// <summary>Not registered (never joined, crashed, unregistered or expired).</summary>
    Offline,

    /// <summary>Registered and re-registering every period.</summary>
    Live,

    /// <summary>Registered but no longer re-registering: waiting to be expired.</summary>
    Silent,
}

/// <summary>One simulated broker: fixed identity, plus what the simulation did with it.</summary>
internal sealed class SimBroker(int index, SimGroup group, long brokerId, string addr, string haAddr, bool isFiveX)
{
    public int Index { get; } = index;

    public SimGroup Group { get; } = group;

    /// <summary>Changes only on failover: a slave takes id 0 and its old master later returns with the slave's id.</summary>
    public long BrokerId { get; set; } = brokerId;

    public string Addr { get; } = addr;

    public string HaAddr { get; } = haAddr;

    public bool IsFiveX { get; } = isFiveX;

    public bool IsMaster => BrokerId == 0;

    public BrokerPhase Phase { get; set; }

    /// <summary>True while registered (live or silent).</summary>
    public bool InNameServer => Phase != BrokerPhase.Offline;

    public bool EverJoined { get; set; }

    public IActorRef? Session { get; set; }

    public long Epoch { get; set; }

    /// <summary>Its last registration or heartbeat: what the NameServer's live entry must say.</summary>
    public long LastRefreshMillis { get; set; }

    public long NextHeartbeatMillis { get; set; }

    public long NextRegisterMillis { get; set; }

    /// <summary>When an offline broker comes back (its first join included).</summary>
    public long ReturnAtMillis { get; set; }

    /// <summary>The topic table of its last successful registration.</summary>
    public TopicConfigSerializeWrapper? Registered { get; set; }

    public override string ToString() => $"{Group.Cluster}/{Group.Name}[{BrokerId}]@{Addr}";
}

/// <summary>One simulated broker group: its members share one topic table, as a master and its synced slaves do.</summary>
internal sealed class SimGroup(string cluster, string name, string? zone)
{
    private long _counter;

    public string Cluster { get; } = cluster;

    public string Name { get; } = name;

    public string? Zone { get; } = zone;

    /// <summary>Members by ascending id; the master (id 0) first.</summary>
    public List<SimBroker> Members { get; } = [];

    public SimBroker Master => Members[0];

    /// <summary>The group's current topic table (business topics plus its cluster-name and broker-name topics).</summary>
    public Dictionary<string, TopicConfig> Table { get; } = new(StringComparer.Ordinal);

    public TopicConfigSerializeWrapper Wrapper { get; private set; } = TopicConfigSerializeWrapper.Empty;

    /// <summary>
    /// Topics whose queue data may name this group: every table registered since the group last appeared in the
    /// NameServer (a topic dropped from the table keeps its queue data until the whole group goes away).
    /// </summary>
    public HashSet<string> Allowed { get; } = new(StringComparer.Ordinal);

    /// <summary>The wrapper last merged into <see cref="Allowed"/>.</summary>
    public TopicConfigSerializeWrapper? AllowedFrom { get; set; }

    /// <summary>
    /// Topics that must have this group's queue data: every table applied (by its master, or by a prime 5.x slave)
    /// since the group last appeared in the NameServer. A subset of <see cref="Allowed"/>.
    /// </summary>
    public HashSet<string> Applied { get; } = new(StringComparer.Ordinal);

    /// <summary>The wrapper last merged into <see cref="Applied"/>.</summary>
    public TopicConfigSerializeWrapper? AppliedFrom { get; set; }

    public bool InNameServer => Members.Exists(m => m.InNameServer);

    /// <summary>Publishes the table under a new DataVersion.</summary>
    public void NewVersion(long nowMillis)
    {
        _counter++;
        Wrapper = new TopicConfigSerializeWrapper(
            new DataVersion(nowMillis, _counter), new Dictionary<string, TopicConfig>(Table, StringComparer.Ordinal));
    }

    public override string ToString() => $"{Cluster}/{Name}";
}
