using System.Text;
using Microsoft.Extensions.Time.Testing;
using NameServer.Actors.Client.Tests.Support;
using NameServer.Actors.Protocol;
using NameServer.Actors.Protocol.Bodies;
using NameServer.Actors.Protocol.CustomHeaders;
using NameServer.Actors.Protocol.Frames;
using NameServer.Actors.Protocol.Headers;
using NameServer.Actors.Protocol.Json;
using NameServer.Actors.Protocol.Model;

namespace NameServer.Actors.Client.Tests;

public sealed class NameServerClientTests
{
    private static readonly TimeSpan s_long = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task NameServerClient_fails_over_to_the_next_address_when_the_first_refuses_connections()
    {
        await using var server = new FakeNameServer(r => Kv(r, "v"));
        var down = FakeNameServer.UnusedAddress();
        await using var client = Client($"{down};{server.Address}");

        var value = await client.GetKvConfigAsync("ns", "k");

        Assert.Equal("v", value);
        Assert.Equal(server.Address, client.CurrentAddress);
    }

    [Fact]
    public async Task NameServerClient_stays_on_a_working_server_when_calls_succeed()
    {
        await using var first = new FakeNameServer(r => Kv(r, "first"));
        await using var second = new FakeNameServer(r => Kv(r, "second"));
        await using var client = Client($"{first.Address};{second.Address}");

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("first", await client.GetKvConfigAsync("ns", "k"));
        }

        Assert.Equal(1, first.ConnectionCount);
        Assert.Equal(0, second.ConnectionCount);
    }

    [Fact]
    public async Task NameServerClient_opens_one_connection_when_many_calls_start_together()
    {
        await using var server = new FakeNameServer(r => Kv(r, "v"));
        await using var client = Client(server.Address);

        var values = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.GetKvConfigAsync("ns", "k")));

        Assert.All(values, v => Assert.Equal("v", v));
        Assert.Equal(1, server.ConnectionCount);
    }

    [Fact]
    public async Task NameServerClient_fails_over_on_the_next_call_when_a_request_times_out()
    {
        var clock = new FakeTimeProvider();
        await using var silent = new FakeNameServer();
        await using var second = new FakeNameServer(r => Kv(r, "second"));
        await using var client = Client($"{silent.Address};{second.Address}", clock);

        var call = client.GetKvConfigAsync("ns", "k");
        var received = await silent.NextRequestAsync();
        clock.Advance(TimeSpan.FromSeconds(3));
        var error = await Assert.ThrowsAsync<RemotingTimeoutException>(() => call);
        await received.Connection.Closed.WaitAsync(s_long);

        Assert.Equal(silent.Address, error.Address);
        Assert.Equal("second", await client.GetKvConfigAsync("ns", "k"));
        Assert.Equal(second.Address, client.CurrentAddress);
    }

    [Fact]
    public async Task NameServerClient_reconnects_when_the_server_closed_the_connection()
    {
        await using var server = new FakeNameServer(r => Kv(r, "v"));
        await using var client = Client(server.Address);
        Assert.Equal("v", await client.GetKvConfigAsync("ns", "k"));
        var first = await server.NextRequestAsync();

        first.Connection.Close();
        await WaitUntilAsync(() => server.ConnectionCount == 1 && !IsOpen(client, server.Address));

        Assert.Equal("v", await client.GetKvConfigAsync("ns", "k"));
        Assert.Equal(2, server.ConnectionCount);
    }

    [Fact]
    public async Task NameServerClient_uses_binary_headers_when_configured()
    {
        await using var server = new FakeNameServer(r => Kv(r, "binary"));
        await using var client = new NameServerClient(new NameServerClientOptions
        {
            Addresses = server.Address,
            SerializeType = SerializeType.RocketMq,
        });

        Assert.Equal("binary", await client.GetKvConfigAsync("ns", "k"));
        Assert.Equal(SerializeType.RocketMq, (await server.NextRequestAsync()).Command.SerializeType);
    }

    [Fact]
    public async Task QueryDataVersionOnewayAsync_sends_a_oneway_request_when_called()
    {
        await using var server = new FakeNameServer(r => FakeNameServer.Reply(r));
        await using var client = Client(server.Address);

        await client.QueryDataVersionOnewayAsync("C", "10.0.0.1:10911", "broker-a", 0, new DataVersion(1, 2));
        var request = (await server.NextRequestAsync()).Command;

        Assert.Equal(RequestCode.QueryDataVersion, request.Code);
        Assert.True(request.IsOneway);
        Assert.Equal(new DataVersion(1, 2), BodyDecoder.DecodeDataVersion(request.Body.Span));
    }

    [Fact]
    public async Task NameServerClient_names_every_address_when_none_can_be_reached()
    {
        var a = FakeNameServer.UnusedAddress();
        var b = FakeNameServer.UnusedAddress();
        await using var client = Client($"{a};{b}");

        var error = await Assert.ThrowsAsync<RemotingConnectException>(() => client.GetAllTopicListAsync());

        Assert.Contains(a, error.Message);
        Assert.Contains(b, error.Message);
    }

    [Fact]
    public async Task NameServerClient_throws_code_remark_and_address_when_the_server_answers_an_error()
    {
        await using var server = new FakeNameServer(r => FakeNameServer.Reply(r, ResponseCode.TopicNotExist, "No topic route info in name server for the topic: T"));
        await using var client = Client(server.Address);

        var error = await Assert.ThrowsAsync<NameServerException>(() => client.GetRouteInfoByTopicAsync("T"));

        Assert.Equal(ResponseCode.TopicNotExist, error.Code);
        Assert.Equal("No topic route info in name server for the topic: T", error.Remark);
        Assert.Equal(server.Address, error.Address);
        Assert.Contains(server.Address, error.Message);
        Assert.Contains("17", error.Message);
        Assert.Contains("TOPIC_NOT_EXIST", error.Message);
    }

    [Fact]
    public async Task NameServerClient_does_not_fail_over_when_the_server_answers_an_error()
    {
        await using var first = new FakeNameServer(r => FakeNameServer.Reply(r, ResponseCode.SystemError, "boom"));
        await using var second = new FakeNameServer(r => FakeNameServer.Reply(r));
        await using var client = Client($"{first.Address};{second.Address}");

        await Assert.ThrowsAsync<NameServerException>(() => client.GetBrokerClusterInfoAsync());
        await Assert.ThrowsAsync<NameServerException>(() => client.GetBrokerClusterInfoAsync());

        Assert.Equal(first.Address, client.CurrentAddress);
        Assert.Equal(0, second.ConnectionCount);
    }

    [Fact]
    public async Task GetRouteInfoByTopicAsync_decodes_the_route_and_sends_acceptStandardJsonOnly_when_asked()
    {
        var route = new TopicRouteData(
            [new QueueData("broker-a", 4, 4, Perm.ReadWrite, 0)],
            [new BrokerData("DefaultCluster", "broker-a", new Dictionary<long, string> { [0] = "10.0.0.1:10911" })],
            new Dictionary<string, IReadOnlyList<string>>());
        await using var server = new FakeNameServer(r =>
        {
            var reply = FakeNameServer.Reply(r);
            reply.Body = BodyEncoder.EncodeTopicRouteData(route, JsonMode.Standard);
            return reply;
        });
        await using var client = Client(server.Address);

        var result = await client.GetRouteInfoByTopicAsync("TopicTest", acceptStandardJsonOnly: true);
        var request = (await server.NextRequestAsync()).Command;

        Assert.Equal(route.QueueDatas, result.QueueDatas);
        Assert.Equal(route.BrokerDatas, result.BrokerDatas);
        Assert.Equal("TopicTest", request.ExtFields!["topic"]);
        Assert.Equal("true", request.ExtFields["acceptStandardJsonOnly"]);
    }

    [Fact]
    public async Task GetRouteInfoByTopicAsync_throws_when_success_has_no_body()
    {
        await using var server = new FakeNameServer(r => FakeNameServer.Reply(r));
        await using var client = Client(server.Address);

        var error = await Assert.ThrowsAsync<NameServerException>(() => client.GetRouteInfoByTopicAsync("T"));

        Assert.Equal(0, error.Code);
    }

    [Fact]
    public async Task GetRouteInfoByTopicAsync_reports_the_address_when_the_body_is_not_a_route()
    {
        await using var server = new FakeNameServer(r =>
        {
            var reply = FakeNameServer.Reply(r);
            reply.Body = "[1,2"u8.ToArray();
            return reply;
        });
        await using var client = Client(server.Address);

        var error = await Assert.ThrowsAsync<RemotingException>(() => client.GetRouteInfoByTopicAsync("T"));

        Assert.Contains(server.Address, error.Message);
        Assert.Contains("TopicRouteData", error.Message);
    }

    [Fact]
    public async Task RegisterBrokerAsync_sends_a_checked_body_and_returns_master_and_order_config_when_registering_a_slave()
    {
        await using var server = new FakeNameServer(r =>
        {
            var reply = FakeNameServer.Reply(r);
            reply.ExtFields = new RegisterBrokerResponseHeader("10.0.0.1:10912", "10.0.0.1:10911").ToExtFields();
            reply.Body = BodyEncoder.EncodeKvTable(new KvTable(new Dictionary<string, string> { ["Orders"] = "broker-a:4" }));
            return reply;
        });
        await using var client = Client(server.Address);
        var body = Body(("Orders", 4), ("TBW102", 8));

        var result = await client.RegisterBrokerAsync(
            new RegisterBrokerRequest("DefaultCluster", "10.0.0.2:10911", "broker-a", 1, "10.0.0.2:10912", body)
            {
                EnableActingMaster = false,
            });
        var request = (await server.NextRequestAsync()).Command;

        Assert.Equal("10.0.0.1:10911", result.MasterAddr);
        Assert.Equal("10.0.0.1:10912", result.HaServerAddr);
        Assert.Equal("broker-a:4", result.OrderTopicConfig!.Table["Orders"]);
        Assert.True(RegisterBrokerRequestHeader.TryParse(request.ExtFields, out var header, out _));
        Assert.Equal(1, header.BrokerId);
        Assert.False(header.EnableActingMaster);
        Assert.Equal(Crc32.ComputeBodyCrc32(request.Body.Span), header.BodyCrc32);
        var decoded = RegisterBrokerBodyCodec.Decode(request.Body.Span, header.Compressed, request.Version);
        Assert.Equal(body.TopicConfigSerializeWrapper.DataVersion, decoded.TopicConfigSerializeWrapper.DataVersion);
        Assert.Equal(2, decoded.TopicConfigSerializeWrapper.TopicConfigTable.Count);
    }

    [Fact]
    public async Task RegisterBrokerAsync_sends_the_compressed_form_when_asked()
    {
        await using var server = new FakeNameServer(r => FakeNameServer.Reply(r));
        await using var client = Client(server.Address);
        var body = Body(("TopicA", 4));

        var result = await client.RegisterBrokerAsync(
            new RegisterBrokerRequest("C", "10.0.0.1:10911", "broker-a", 0, "10.0.0.1:10912", body) { Compressed = true });
        var request = (await server.NextRequestAsync()).Command;

        Assert.Null(result.MasterAddr);
        Assert.Null(result.OrderTopicConfig);
        Assert.Equal("true", request.ExtFields!["compressed"]);
        var decoded = RegisterBrokerBodyCodec.Decode(request.Body.Span, compressed: true, request.Version);
        Assert.Equal(body.TopicConfigSerializeWrapper.TopicConfigTable, decoded.TopicConfigSerializeWrapper.TopicConfigTable);
    }

    [Fact]
    public async Task RegisterBrokerAsync_sends_oneway_when_asked()
    {
        await using var server = new FakeNameServer(r => FakeNameServer.Reply(r));
        await using var client = Client(server.Address);

        var result = await client.RegisterBrokerAsync(
            new RegisterBrokerRequest("C", "10.0.0.1:10911", "broker-a", 0, "h", Body()) { Oneway = true });
        var request = (await server.NextRequestAsync()).Command;

        Assert.Same(RegisterBrokerResult.None, result);
        Assert.True(request.IsOneway);
    }

    [Fact]
    public async Task GetKvConfigAsync_returns_null_when_the_server_answers_query_not_found()
    {
        await using var server = new FakeNameServer(r => FakeNameServer.Reply(r, ResponseCode.QueryNotFound, "No config item"));
        await using var client = Client(server.Address);

        Assert.Null(await client.GetKvConfigAsync("ns", "missing"));
        Assert.Null(await client.GetKvListByNamespaceAsync("ns"));
    }

    [Fact]
    public async Task QueryDataVersionAsync_returns_changed_and_the_servers_copy_when_they_differ()
    {
        var stored = new DataVersion(1700000000000, 3);
        await using var server = new FakeNameServer(r =>
        {
            var reply = FakeNameServer.Reply(r);
            reply.ExtFields = new QueryDataVersionResponseHeader(true).ToExtFields();
            reply.Body = BodyEncoder.EncodeDataVersion(stored);
            return reply;
        });
        await using var client = Client(server.Address);

        var result = await client.QueryDataVersionAsync("C", "10.0.0.1:10911", "broker-a", 0, new DataVersion(1700000000000, 4));
        var request = (await server.NextRequestAsync()).Command;

        Assert.True(result.Changed);
        Assert.Equal(stored, result.NameServerDataVersion);
        Assert.True(QueryDataVersionRequestHeader.TryParse(request.ExtFields, out var header, out _));
        Assert.Equal("broker-a", header.BrokerName);
        Assert.Equal(4, BodyDecoder.DecodeDataVersion(request.Body.Span).Counter);
    }

    [Fact]
    public async Task BrokerHeartbeatAsync_sends_a_oneway_request_with_the_header_when_called()
    {
        await using var server = new FakeNameServer(r => FakeNameServer.Reply(r));
        await using var client = Client(server.Address);

        await client.BrokerHeartbeatAsync(new BrokerHeartbeatRequestHeader("C", "10.0.0.1:10911", "broker-a", BrokerId: 0));
        var request = (await server.NextRequestAsync()).Command;

        Assert.Equal(RequestCode.BrokerHeartbeat, request.Code);
        Assert.True(request.IsOneway);
        Assert.True(BrokerHeartbeatRequestHeader.TryParse(request.ExtFields, out var header, out _));
        Assert.Equal(0, header.BrokerId);
    }

    [Fact]
    public async Task WritePermMethods_return_the_topic_counts_when_the_server_answers()
    {
        await using var server = new FakeNameServer(r =>
        {
            var reply = FakeNameServer.Reply(r);
            reply.ExtFields = r.Code == RequestCode.WipeWritePermOfBroker
                ? new WipeWritePermResponseHeader(5).ToExtFields()
                : new AddWritePermResponseHeader(7).ToExtFields();
            return reply;
        });
        await using var client = Client(server.Address);

        Assert.Equal(5, await client.WipeWritePermOfBrokerAsync("broker-a"));
        Assert.Equal(7, await client.AddWritePermOfBrokerAsync("broker-a"));
    }

    [Fact]
    public async Task TopicListMethods_send_their_codes_and_decode_the_list_when_called()
    {
        var codes = new List<int>();
        await using var server = new FakeNameServer(r =>
        {
            lock (codes)
            {
                codes.Add(r.Code);
            }
            var reply = FakeNameServer.Reply(r);
            reply.Body = BodyEncoder.EncodeTopicList(new TopicList(["T1", "T2"], r.Code == RequestCode.GetSystemTopicListFromNs ? "10.0.0.1:10911" : null));
            return reply;
        });
        await using var client = Client(server.Address);

        Assert.Equal(["T1", "T2"], (await client.GetAllTopicListAsync()).Topics);
        Assert.Equal("10.0.0.1:10911", (await client.GetSystemTopicListAsync()).BrokerAddr);
        await client.GetTopicsByClusterAsync("C");
        await client.GetUnitTopicListAsync();
        await client.GetHasUnitSubTopicListAsync();
        await client.GetHasUnitSubUnUnitTopicListAsync();

        Assert.Equal(
            [
                RequestCode.GetAllTopicListFromNameServer, RequestCode.GetSystemTopicListFromNs, RequestCode.GetTopicsByCluster,
                RequestCode.GetUnitTopicList, RequestCode.GetHasUnitSubTopicList, RequestCode.GetHasUnitSubUnunitTopicList,
            ],
            codes);
    }

    [Fact]
    public async Task NamesrvConfigMethods_send_properties_text_and_parse_the_answer_when_called()
    {
        await using var server = new FakeNameServer(r =>
        {
            var reply = FakeNameServer.Reply(r);
            if (r.Code == RequestCode.GetNamesrvConfig)
            {
                reply.Body = "listenPort=9876\norderMessageEnable=false\n"u8.ToArray();
            }
            return reply;
        });
        await using var client = Client(server.Address);

        await client.UpdateNamesrvConfigAsync(new Dictionary<string, string> { ["orderMessageEnable"] = "true" });
        var config = await client.GetNamesrvConfigAsync();
        var update = (await server.NextRequestAsync()).Command;

        Assert.Equal("orderMessageEnable=true\n", Encoding.UTF8.GetString(update.Body.Span));
        Assert.Equal("9876", config.Properties["listenPort"]);
        Assert.StartsWith("listenPort=9876", config.Text);
    }

    [Fact]
    public async Task OnAllMethods_report_one_result_per_server_when_one_is_down()
    {
        await using var first = new FakeNameServer(r => FakeNameServer.Reply(r));
        await using var second = new FakeNameServer(r => FakeNameServer.Reply(r, ResponseCode.SystemError, "disk full"));
        var down = FakeNameServer.UnusedAddress();
        await using var client = Client($"{first.Address};{second.Address};{down}");

        var results = await client.PutKvConfigOnAllAsync("ns", "k", "v");

        Assert.Equal([first.Address, second.Address, down], results.Select(r => r.Address));
        Assert.True(results[0].Succeeded);
        Assert.Equal("disk full", Assert.IsType<NameServerException>(results[1].Error).Remark);
        Assert.IsType<RemotingConnectException>(results[2].Error);
        var put = (await first.NextRequestAsync()).Command;
        Assert.True(PutKvConfigRequestHeader.TryParse(put.ExtFields, out var header, out _));
        Assert.Equal(new PutKvConfigRequestHeader("ns", "k", "v"), header);
    }

    [Fact]
    public async Task RequestOptions_Address_targets_that_server_when_given()
    {
        await using var first = new FakeNameServer(r => Kv(r, "first"));
        await using var second = new FakeNameServer(r => Kv(r, "second"));
        await using var client = Client($"{first.Address};{second.Address}");

        var value = await client.GetKvConfigAsync("ns", "k", RequestOptions.ForAddress(second.Address));

        Assert.Equal("second", value);
        Assert.Null(client.CurrentAddress);
    }

    [Fact]
    public async Task OtherMethods_send_their_codes_and_headers_when_called()
    {
        var seen = new List<RemotingCommand>();
        await using var server = new FakeNameServer(r =>
        {
            lock (seen)
            {
                seen.Add(r);
            }
            var reply = FakeNameServer.Reply(r);
            if (r.Code == RequestCode.GetBrokerMemberGroup)
            {
                reply.Body = BodyEncoder.EncodeBrokerMemberGroup(
                    new BrokerMemberGroup("C", "broker-a", new Dictionary<long, string> { [0] = "10.0.0.1:10911" }));
            }
            return reply;
        });
        await using var client = Client(server.Address);

        await client.UnregisterBrokerAsync("C", "10.0.0.1:10911", "broker-a", 0);
        var group = await client.GetBrokerMemberGroupAsync("C", "broker-a");
        await client.DeleteKvConfigAsync("ns", "k");
        await client.DeleteTopicInNamesrvAsync("T", "C");
        await client.RegisterTopicInNamesrvAsync("T", [new QueueData("broker-a", 8, 8, 6, 0)]);

        Assert.Equal("10.0.0.1:10911", group.BrokerAddrs[0]);
        Assert.True(UnregisterBrokerRequestHeader.TryParse(seen[0].ExtFields, out var unregister, out _));
        Assert.Equal(new UnregisterBrokerRequestHeader("broker-a", "10.0.0.1:10911", "C", 0), unregister);
        Assert.True(KvConfigKeyRequestHeader.TryParse(seen[2].ExtFields, out var delete, out _));
        Assert.Equal("k", delete.Key);
        Assert.True(DeleteTopicRequestHeader.TryParse(seen[3].ExtFields, out var deleteTopic, out _));
        Assert.Equal(new DeleteTopicRequestHeader("T", "C"), deleteTopic);
        Assert.Equal(RequestCode.RegisterTopicInNamesrv, seen[4].Code);
        Assert.Equal(8, BodyDecoder.DecodeTopicRouteData(seen[4].Body.Span).QueueDatas[0].WriteQueueNums);
    }

    private static bool IsOpen(NameServerClient client, string address) => client.IsConnectedTo(address);

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed < s_long, "condition not reached in time");
            await Task.Delay(5);
        }
    }

    private static NameServerClient Client(string addresses, TimeProvider? clock = null) =>
        new(new NameServerClientOptions
        {
            Addresses = addresses,
            RandomStart = false,
            TimeProvider = clock ?? TimeProvider.System,
        });

    private static RemotingCommand Kv(RemotingCommand request, string value)
    {
        var reply = FakeNameServer.Reply(request);
        reply.ExtFields = new GetKvConfigResponseHeader(value).ToExtFields();
        return reply;
    }

    private static RegisterBrokerBody Body(params (string Topic, int Queues)[] topics) =>
        new(
            new TopicConfigSerializeWrapper(
                new DataVersion(1700000000000, 2),
                topics.ToDictionary(t => t.Topic, t => new TopicConfig(t.Topic, t.Queues, t.Queues, 6))),
            []);
}
