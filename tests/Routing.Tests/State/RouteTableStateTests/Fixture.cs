using NameServer.Actors.Protocol;
using NameServer.Actors.Protocol.Model;
using NameServer.Actors.Routing.State;

namespace NameServer.Actors.Routing.Tests.State.RouteTableStateTests;

/// <summary>Builders for registration commands and bodies shared by the test classes of this folder.</summary>
internal static class Fixture
{
    public const string Cluster = "DefaultCluster";
    public const long T0 = 1_000_000;

    public static DataVersion V(long counter, long stateVersion = 0) => new(1_700_000_000_000 + counter, counter, stateVersion);

    public static TopicConfig Topic(string name, int perm = Perm.ReadWrite, int queues = 4, int sysFlag = 0) =>
        new(name, queues, queues, perm, TopicSysFlag: sysFlag);

    public static TopicConfigSerializeWrapper Body(DataVersion version, params string[] topics) =>
        Body(version, topics.Select(t => Topic(t)).ToArray());

    public static TopicConfigSerializeWrapper Body(DataVersion version, params TopicConfig[] topics) =>
        new(version, topics.ToDictionary(t => t.TopicName, t => t));

    /// <summary>A 5.x broker (always sends <c>enableActingMaster</c>).</summary>
    public static RegisterBrokerCommand Reg5(
        string brokerName,
        long brokerId,
        string addr,
        TopicConfigSerializeWrapper? body,
        long epoch = 1,
        bool actingMaster = false,
        string cluster = Cluster,
        string? zone = null,
        long? timeout = null,
        IReadOnlyList<string>? filters = null,
        string? ha = null) =>
        new(cluster, addr, brokerName, brokerId, ha ?? HaOf(addr), body, filters, epoch, zone, timeout, actingMaster);

    /// <summary>A 4.x broker (no <c>enableActingMaster</c>, no state version).</summary>
    public static RegisterBrokerCommand Reg4(
        string brokerName,
        long brokerId,
        string addr,
        TopicConfigSerializeWrapper? body,
        long epoch = 1,
        string cluster = Cluster,
        IReadOnlyList<string>? filters = null) =>
        new(cluster, addr, brokerName, brokerId, HaOf(addr), body, filters, epoch);

    public static UnregisterBrokerCommand Unreg(string brokerName, long brokerId, string addr, string cluster = Cluster) =>
        new(cluster, addr, brokerName, brokerId);

    public static string HaOf(string addr) => "ha-" + addr;

    public static RouteTableState Registered(RouteTableState state, params RegisterBrokerCommand[] commands)
    {
        foreach (var command in commands)
        {
            Assert.Equal(RegisterOutcome.Registered, state.Register(command, T0).Outcome);
        }
        return state;
    }

    public static void AssertConsistent(RouteTableState state) => Assert.Empty(state.CheckInvariants());

    public static string[] Topics(TopicList list) => list.Topics.ToArray();
}
