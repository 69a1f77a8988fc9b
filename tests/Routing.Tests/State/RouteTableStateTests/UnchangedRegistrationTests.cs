using System.Text;
using NameServer.Actors.Protocol.Model;
using NameServer.Actors.Routing.State;
using static NameServer.Actors.Routing.Tests.State.RouteTableStateTests.Fixture;

namespace NameServer.Actors.Routing.Tests.State.RouteTableStateTests;

/// <summary>
/// Unchanged re-registrations (<c>docs/BEHAVIOUR.md</c>, "Unchanged re-registrations"): <see cref="RouteTableState.CanRefresh"/>
/// holds only while a full registration of the same command would change nothing but the timestamp.
/// </summary>
public class UnchangedRegistrationTests
{
    private static readonly UInt128 Fp = 42;

    private static BrokerLiveKey Key(string addr, string cluster = Cluster) => new(cluster, addr);

    private static RegisterBrokerCommand Marked(RegisterBrokerCommand command, UInt128? fingerprint = null) =>
        command with { Fingerprint = fingerprint ?? Fp };

    [Fact]
    public void CanRefresh_is_true_when_the_same_connection_registered_the_same_fingerprint_last()
    {
        var state = Registered(new RouteTableState(), Marked(Reg5("b", 0, "a:0", Body(V(1), "T1", "T2"))));

        Assert.True(state.CanRefresh(Key("a:0"), Fp, connectionEpoch: 1));
        Assert.False(state.CanRefresh(Key("a:0"), Fp + 1, connectionEpoch: 1));
        Assert.False(state.CanRefresh(Key("a:0"), Fp, connectionEpoch: 2));
        Assert.False(state.CanRefresh(Key("a:1"), Fp, connectionEpoch: 1));
    }

    [Fact]
    public void CanRefresh_is_false_when_the_last_registration_had_no_fingerprint()
    {
        var state = Registered(new RouteTableState(), Marked(Reg5("b", 0, "a:0", Body(V(1), "T1", "T2"))));

        state.Register(Reg5("b", 0, "a:0", Body(V(1), "T1", "T2")), T0);

        Assert.False(state.CanRefresh(Key("a:0"), Fp, 1));
    }

    public static TheoryData<string> Edits() => new()
    {
        "delete topic", "wipe write perm", "register topic", "slave joins", "options", "connection closed", "unregister", "expiry",
    };

    [Theory]
    [MemberData(nameof(Edits))]
    public void CanRefresh_is_false_when_an_edit_touched_what_the_registration_reads(string edit)
    {
        var state = Registered(new RouteTableState(), Marked(Reg5("b", 0, "a:0", Body(V(1), "T1", "T2"))));

        switch (edit)
        {
            case "delete topic": state.DeleteTopic("T1"); break;
            case "wipe write perm": state.WipeWritePerm("b"); break;
            case "register topic": state.RegisterTopic("T9", [new QueueData("b", 4, 4, 6, 0)]); break;
            case "slave joins": state.Register(Reg5("b", 1, "a:1", Body(V(1), "T1", "T2"), epoch: 7), T0); break;
            case "options": state.SetOptions(new RouteTableOptions(DeleteTopicWithBrokerRegistration: true)); break;
            case "connection closed": state.OnConnectionClosed(1); break;
            case "unregister": state.Unregister(Unreg("b", 0, "a:0")); break;
            case "expiry": state.Expire(T0 + RouteTableState.DefaultHeartbeatTimeoutMillis + 1); break;
        }

        Assert.False(state.CanRefresh(Key("a:0"), Fp, 1));
    }

    [Fact]
    public void CanRefresh_stays_true_when_another_broker_name_changes()
    {
        var state = Registered(new RouteTableState(), Marked(Reg5("b", 0, "a:0", Body(V(1), "T1", "T2"))));
        var mutations = state.Mutations;

        state.Register(Reg5("c", 0, "c:0", Body(V(1), "T1", "T3"), epoch: 5), T0);
        state.DeleteTopic("T3");
        state.Unregister(Unreg("c", 0, "c:0"));

        Assert.NotEqual(mutations, state.Mutations);
        Assert.True(state.CanRefresh(Key("a:0"), Fp, 1));
    }

    [Fact]
    public void RefreshUnchanged_postpones_expiry_and_tells_a_slave_its_master()
    {
        var state = Registered(
            new RouteTableState(),
            Reg5("b", 0, "a:0", Body(V(1), "T1", "T2")),
            Marked(Reg5("b", 1, "a:1", Body(V(1), "T1", "T2"), epoch: 2)));
        var later = T0 + 100_000;

        var result = state.RefreshUnchanged(Key("a:1"), Fp, 2, later, out var refreshed);
        var expired = state.Expire(T0 + RouteTableState.DefaultHeartbeatTimeoutMillis + 1);

        Assert.True(refreshed);
        Assert.Equal(RegisterOutcome.Registered, result.Outcome);
        Assert.Equal("a:0", result.MasterAddr);
        Assert.Equal(HaOf("a:0"), result.HaServerAddr);
        Assert.True(result.Changes.IsEmpty);
        Assert.Equal(["a:0"], expired.Expired.Select(e => e.BrokerAddr));
        Assert.True(state.IsLive(Cluster, "a:1"));
    }

    [Fact]
    public void RefreshUnchanged_changes_nothing_when_the_table_changed_after_the_connection_checked()
    {
        var state = Registered(new RouteTableState(), Marked(Reg5("b", 0, "a:0", Body(V(1), "T1", "T2"))));
        state.OnConnectionClosed(1);

        var result = state.RefreshUnchanged(Key("a:0"), Fp, 1, T0 + 5, out var refreshed);

        Assert.False(refreshed);
        Assert.Equal(RegisterOutcome.Registered, result.Outcome);
        Assert.False(state.IsLive(Cluster, "a:0"));
        Assert.Null(state.GetRoute("T1"));
    }

    /// <summary>
    /// Two states take the same random operations; whenever <see cref="RouteTableState.CanRefresh"/> vouches for a
    /// broker's last registration, one state registers it again in full and the other refreshes it: the full one
    /// must report no change, and both must then look the same.
    /// </summary>
    [Fact]
    public void RefreshUnchanged_matches_a_full_registration_whenever_CanRefresh_holds()
    {
        var checkedRefreshes = 0;
        for (var seed = 0; seed < 150; seed++)
        {
            var random = new Random(seed);
            var full = new RouteTableState();
            var refreshing = new RouteTableState();
            var brokers = new[] { ("b", 0L, "a:0"), ("b", 1L, "a:1"), ("c", 0L, "c:0"), ("c", 1L, "c:1") };
            var epochs = new long[brokers.Length];
            var v5 = brokers.Select(_ => random.Next(2) == 0).ToArray();
            var last = new RegisterBrokerCommand?[brokers.Length];
            var fingerprints = new Dictionary<string, UInt128>();
            var now = T0;
            string[][] topicSets = [["T1", "T2"], ["T1", "T3"], ["T2"], ["T1", "T2", "T4"]];

            for (var step = 0; step < 60; step++)
            {
                now += random.Next(0, 40_000);
                var i = random.Next(brokers.Length);
                var (name, id, addr) = brokers[i];
                Action<RouteTableState> op;
                switch (random.Next(10))
                {
                    case < 4:
                        var topics = topicSets[random.Next(topicSets.Length)];
                        var version = V(random.Next(1, 3));
                        var perm = random.Next(4) == 0 ? Protocol.Perm.Read : Protocol.Perm.ReadWrite;
                        var body = Body(version, topics.Select(t => Topic(t, perm)).ToArray());
                        var command = v5[i] ? Reg5(name, id, addr, body, epoch: epochs[i]) : Reg4(name, id, addr, body, epoch: epochs[i]);
                        var description = $"{i}|{epochs[i]}|{version}|{perm}|{string.Join(',', topics)}";
                        if (!fingerprints.TryGetValue(description, out var fingerprint))
                        {
                            fingerprint = (UInt128)(fingerprints.Count + 1);
                            fingerprints[description] = fingerprint;
                        }
                        command = command with { Fingerprint = fingerprint };
                        last[i] = command;
                        var at = now;
                        op = s => s.Register(command, at);
                        break;
                    case 4:
                        epochs[i]++;
                        var closed = epochs[i] - 1;
                        op = s => s.OnConnectionClosed(closed);
                        break;
                    case 5:
                        var topic = topicSets[3][random.Next(3)];
                        op = s => s.DeleteTopic(topic);
                        break;
                    case 6:
                        op = random.Next(2) == 0 ? s => s.WipeWritePerm(name) : s => s.AddWritePerm(name);
                        break;
                    case 7:
                        op = s => s.Unregister(Unreg(name, id, addr));
                        break;
                    case 8:
                        var options = new RouteTableOptions(DeleteTopicWithBrokerRegistration: random.Next(2) == 0);
                        op = s => s.SetOptions(options);
                        break;
                    default:
                        var expireAt = now;
                        op = s => s.Expire(expireAt);
                        break;
                }
                op(full);
                op(refreshing);

                for (var b = 0; b < brokers.Length; b++)
                {
                    if (last[b] is not { } previous || previous.ConnectionEpoch != epochs[b])
                    {
                        continue;
                    }
                    var key = new BrokerLiveKey(previous.ClusterName, previous.BrokerAddr);
                    var fingerprint = previous.Fingerprint!.Value;
                    var canRefresh = full.CanRefresh(key, fingerprint, previous.ConnectionEpoch);
                    Assert.Equal(canRefresh, refreshing.CanRefresh(key, fingerprint, previous.ConnectionEpoch));
                    if (!canRefresh)
                    {
                        continue;
                    }
                    var registered = full.Register(previous, now);
                    var refreshed = refreshing.RefreshUnchanged(key, fingerprint, previous.ConnectionEpoch, now, out var didRefresh);
                    checkedRefreshes++;

                    Assert.True(didRefresh);
                    Assert.True(registered.Changes.IsEmpty, $"seed {seed} step {step}: a vouched-for registration changed {string.Join(',', registered.Changes.Topics)}");
                    Assert.Empty(registered.Notifications);
                    Assert.Equal(registered.Outcome, refreshed.Outcome);
                    Assert.Equal(registered.MasterAddr, refreshed.MasterAddr);
                    Assert.Equal(registered.HaServerAddr, refreshed.HaServerAddr);
                    Assert.Equal(Describe(full), Describe(refreshing));
                }
                Assert.Equal(Describe(full), Describe(refreshing));
            }
        }
        Assert.True(checkedRefreshes > 500, $"only {checkedRefreshes} refreshes were checked");
    }

    private static string Describe(RouteTableState state)
    {
        var text = new StringBuilder();
        foreach (var topic in state.GetAllTopics().Topics)
        {
            var route = state.GetRoute(topic)!;
            text.Append(topic).Append(':').AppendJoin(';', route.QueueDatas).Append('|');
            foreach (var broker in route.BrokerDatas)
            {
                text.Append(broker.BrokerName).Append('=').AppendJoin(',', broker.BrokerAddrs.Select(a => $"{a.Key}@{a.Value}")).Append(' ');
            }
            text.AppendLine();
        }
        foreach (var (key, live) in state.GetLiveBrokers())
        {
            text.Append(key).Append(" → ").Append(live).AppendLine();
        }
        var cluster = state.GetClusterInfo();
        foreach (var (name, names) in cluster.ClusterAddrTable.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            text.Append(name).Append(": ").AppendJoin(',', names.Order(StringComparer.Ordinal)).AppendLine();
        }
        return text.ToString();
    }
}
