using System.Diagnostics;
using NameServer.Actors.Client.Tests.Support;
using NameServer.Actors.Protocol;
using NameServer.Actors.Protocol.Bodies;
using NameServer.Actors.Protocol.CustomHeaders;
using NameServer.Actors.Protocol.Model;

namespace NameServer.Actors.Client.Tests;

public sealed class SimulatedBrokerTests
{
    private static readonly TimeSpan s_long = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task SimulatedBroker_registers_with_every_NameServer_when_asked()
    {
        await using var first = new FakeNameServer(r => FakeNameServer.Reply(r));
        await using var second = new FakeNameServer(r => FakeNameServer.Reply(r));
        await using var broker = Broker($"{first.Address};{second.Address}", brokerId: 0, topics: ["Topic-0"]);
        var events = new List<BrokerEvent>();
        broker.EventRaised += events.Add;

        var results = await broker.RegisterAsync();

        Assert.All(results, r => Assert.True(r.Succeeded));
        foreach (var server in new[] { first, second })
        {
            var request = (await server.NextRequestAsync()).Command;
            Assert.Equal(RequestCode.RegisterBroker, request.Code);
            Assert.True(RegisterBrokerRequestHeader.TryParse(request.ExtFields, out var header, out _));
            Assert.Equal("broker-0", header.BrokerName);
            Assert.False(header.EnableActingMaster);
            var body = RegisterBrokerBodyCodec.Decode(request.Body.Span, header.Compressed, request.Version);
            Assert.Equal(
                ["DefaultCluster", "TBW102", "Topic-0", "broker-0"],
                body.TopicConfigSerializeWrapper.TopicConfigTable.Keys.Order(StringComparer.Ordinal));
        }
        Assert.Equal(BrokerEventKind.Registered, Assert.Single(events).Kind);
        Assert.Equal(1, broker.Registrations);
    }

    [Fact]
    public async Task SimulatedBroker_sends_chunks_with_one_data_version_when_split_registration_is_on()
    {
        await using var server = new FakeNameServer(r => FakeNameServer.Reply(r));
        await using var broker = new SimulatedBroker(
            new SimulatedBrokerOptions("DefaultCluster", "broker-0", 0, "127.0.0.1:10911", "127.0.0.1:10912")
            {
                Topics = SimulatedBroker.BuildTopicTable("DefaultCluster", "broker-0", ["T1", "T2", "T3", "T4"]),
                SplitRegistrationSize = 3,
            },
            new NameServerClientOptions { Addresses = server.Address, RandomStart = false });

        await broker.RegisterAsync();
        var bodies = new List<TopicConfigSerializeWrapper>();
        for (var i = 0; i < 3; i++)
        {
            var request = (await server.NextRequestAsync()).Command;
            Assert.True(RegisterBrokerRequestHeader.TryParse(request.ExtFields, out var header, out _));
            bodies.Add(RegisterBrokerBodyCodec.Decode(request.Body.Span, header.Compressed, request.Version).TopicConfigSerializeWrapper);
        }

        Assert.Equal([3, 3, 1], bodies.Select(b => b.TopicConfigTable.Count));
        Assert.Single(bodies.Select(b => b.DataVersion).Distinct());
        Assert.Equal(7, bodies.SelectMany(b => b.TopicConfigTable.Keys).Distinct().Count());
        Assert.Equal(1, broker.Registrations);
    }

    [Fact]
    public async Task SimulatedBroker_omits_enableActingMaster_when_it_is_a_4_9_broker()
    {
        await using var server = new FakeNameServer(r => FakeNameServer.Reply(r));
        await using var broker = Broker(server.Address, brokerId: 0, version: MqVersion.V4_9_8);

        await broker.RegisterAsync();
        var request = (await server.NextRequestAsync()).Command;

        Assert.Equal(MqVersion.V4_9_8, request.Version);
        Assert.False(request.ExtFields!.ContainsKey("enableActingMaster"));
    }

    [Fact]
    public async Task SimulatedBroker_sends_a_4_9_compressed_body_when_configured_so()
    {
        await using var server = new FakeNameServer(r => FakeNameServer.Reply(r));
        await using var broker = new SimulatedBroker(
            new SimulatedBrokerOptions("C", "broker-0", 0, "127.0.0.1:10911", "127.0.0.1:10912") { Compressed = true },
            new NameServerClientOptions { Addresses = server.Address, Version = MqVersion.V4_9_8 });

        await broker.RegisterAsync();
        var request = (await server.NextRequestAsync()).Command;

        Assert.Equal("true", request.ExtFields!["compressed"]);
        var body = RegisterBrokerBodyCodec.Decode(request.Body.Span, compressed: true, request.Version);
        Assert.Equal(broker.DataVersion, body.TopicConfigSerializeWrapper.DataVersion);
        Assert.Equal(broker.Topics.Count, body.TopicConfigSerializeWrapper.TopicConfigTable.Count);
    }

    [Fact]
    public async Task SimulatedBroker_remembers_the_master_address_when_it_is_a_slave()
    {
        await using var server = new FakeNameServer(r =>
        {
            var reply = FakeNameServer.Reply(r);
            reply.ExtFields = new RegisterBrokerResponseHeader("127.0.0.1:10912", "127.0.0.1:10911").ToExtFields();
            return reply;
        });
        await using var slave = Broker(server.Address, brokerId: 1);
        var events = new List<BrokerEvent>();
        slave.EventRaised += events.Add;

        await slave.RegisterAsync();

        Assert.Equal("127.0.0.1:10911", slave.MasterAddr);
        Assert.Contains("masterAddr=127.0.0.1:10911", events.Single().Detail);
    }

    [Fact]
    public async Task SimulatedBroker_keeps_its_DataVersion_when_the_topics_do_not_change()
    {
        var clock = new ObservedTimeProvider();
        await using var broker = Broker("127.0.0.1:9876", brokerId: 0, clock: clock);
        var initial = broker.DataVersion;

        Assert.False(broker.SetTopics(broker.Topics.Values.Reverse()));
        Assert.Equal(initial, broker.DataVersion);

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(broker.PutTopic(new TopicConfig("NewTopic", 4, 4, Perm.ReadWrite)));
        Assert.Equal(initial.Counter + 1, broker.DataVersion.Counter);
        Assert.Equal(initial.Timestamp + 1000, broker.DataVersion.Timestamp);
        Assert.False(broker.PutTopic(new TopicConfig("NewTopic", 4, 4, Perm.ReadWrite)));
        Assert.Equal(initial.Counter + 1, broker.DataVersion.Counter);
    }

    [Fact]
    public async Task SimulatedBroker_resets_its_connections_without_unregistering_when_crashed()
    {
        await using var server = new FakeNameServer(r => FakeNameServer.Reply(r));
        await using var broker = Broker(server.Address, brokerId: 0);
        await broker.RegisterAsync();
        var registration = await server.NextRequestAsync();

        broker.Crash();

        await registration.Connection.Closed.WaitAsync(s_long);
        Assert.Equal(SimulatedBrokerState.Crashed, broker.State);
        Assert.Empty(await broker.UnregisterAsync());
        Assert.False(server.TryTakeRequest(out _));
        await Assert.ThrowsAsync<InvalidOperationException>(() => broker.RegisterAsync());
    }

    [Fact]
    public async Task SimulatedBroker_reregisters_every_period_until_silenced_when_running()
    {
        var clock = new ObservedTimeProvider();
        await using var server = new FakeNameServer(r => FakeNameServer.Reply(r));
        await using var broker = Broker(server.Address, brokerId: 0, clock: clock);
        using var stop = new CancellationTokenSource();
        var run = broker.RunAsync(TimeSpan.FromSeconds(30), stop.Token);

        await server.NextRequestAsync();
        await WaitForDelayAsync(broker, clock, registrations: 1);
        clock.Advance(TimeSpan.FromSeconds(30));
        var second = await server.NextRequestAsync();
        await WaitForDelayAsync(broker, clock, registrations: 2);

        broker.Silence();
        clock.Advance(TimeSpan.FromSeconds(30));
        await WaitForDelayAsync(broker, clock, registrations: 2);

        Assert.Equal(2, broker.Registrations);
        Assert.False(server.TryTakeRequest(out _));
        Assert.False(second.Connection.Closed.IsCompleted);
        await stop.CancelAsync();
        await run.WaitAsync(s_long);
    }

    [Fact]
    public async Task SimulatedBroker_unregisters_from_every_NameServer_when_asked()
    {
        await using var first = new FakeNameServer(r => FakeNameServer.Reply(r));
        await using var second = new FakeNameServer(r => FakeNameServer.Reply(r));
        await using var broker = Broker($"{first.Address};{second.Address}", brokerId: 1);

        var results = await broker.UnregisterAsync();

        Assert.All(results, r => Assert.True(r.Succeeded));
        Assert.Equal(SimulatedBrokerState.Unregistered, broker.State);
        foreach (var server in new[] { first, second })
        {
            var request = (await server.NextRequestAsync()).Command;
            Assert.True(UnregisterBrokerRequestHeader.TryParse(request.ExtFields, out var header, out _));
            Assert.Equal(1, header.BrokerId);
        }
    }

    [Fact]
    public async Task SimulatedBroker_reports_a_failed_round_when_no_NameServer_answers()
    {
        await using var broker = Broker(FakeNameServer.UnusedAddress(), brokerId: 0);
        var events = new List<BrokerEvent>();
        broker.EventRaised += events.Add;

        var results = await broker.RegisterAsync();

        Assert.IsType<RemotingConnectException>(Assert.Single(results).Error);
        Assert.Equal(BrokerEventKind.RegistrationFailed, Assert.Single(events).Kind);
        Assert.Equal(0, broker.Registrations);
    }

    [Fact]
    public void BusinessTopicsFor_spreads_topics_over_several_groups()
    {
        var groups = Enumerable.Range(0, 4).Select(g => SimulatedBroker.BusinessTopicsFor(g, 4, 3)).ToList();

        Assert.Equal(["Topic-0", "Topic-1", "Topic-2"], groups[0]);
        Assert.Equal(["Topic-3", "Topic-0", "Topic-1"], groups[3]);
        Assert.All(Enumerable.Range(0, 4), i => Assert.Equal(3, groups.Count(g => g.Contains($"Topic-{i}"))));
    }

    [Fact]
    public void BuildTopicTable_contains_cluster_broker_and_TBW102_topics_with_perm_7()
    {
        var table = SimulatedBroker.BuildTopicTable("C", "b", ["Topic-1", "TBW102"]);

        Assert.Equal(["C", "b", "TBW102", "Topic-1"], table.Select(t => t.TopicName));
        Assert.All(table.Take(3), t => Assert.Equal(7, t.Perm));
        Assert.Equal(Perm.ReadWrite, table[3].Perm);
    }

    private static SimulatedBroker Broker(
        string addresses,
        long brokerId,
        IEnumerable<string>? topics = null,
        int version = MqVersion.V5_3_3,
        TimeProvider? clock = null) =>
        new(
            new SimulatedBrokerOptions("DefaultCluster", "broker-0", brokerId, $"127.0.0.1:{10911 + (brokerId * 10)}", "127.0.0.1:10912")
            {
                Topics = SimulatedBroker.BuildTopicTable("DefaultCluster", "broker-0", topics ?? []),
            },
            new NameServerClientOptions
            {
                Addresses = addresses,
                Version = version,
                RandomStart = false,
                TimeProvider = clock ?? TimeProvider.System,
            });

    // The run loop has finished its round and waits on the clock: exactly one timer (its delay) is armed.
    private static async Task WaitForDelayAsync(SimulatedBroker broker, ObservedTimeProvider clock, int registrations)
    {
        var watch = Stopwatch.StartNew();
        while (!(broker.Registrations == registrations && clock.ArmedTimers == 1))
        {
            Assert.True(watch.Elapsed < s_long, "the run loop did not reach its delay");
            await Task.Delay(5);
        }
    }
}
