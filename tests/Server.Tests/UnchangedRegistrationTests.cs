using Akka.Actor;
using NameServer.Actors.Protocol;
using NameServer.Actors.Protocol.Bodies;
using NameServer.Actors.Protocol.Headers;
using NameServer.Actors.Routing.State;

namespace NameServer.Actors.Server.Tests;

/// <summary>
/// A broker's periodic re-registration of an unchanged table is answered without decoding its body
/// (<c>docs/BEHAVIOUR.md</c>, "Unchanged re-registrations"), over a real socket, and never where a full registration
/// would have done more.
/// </summary>
public sealed class UnchangedRegistrationTests : ServerTestBase
{
    private static readonly BrokerLiveKey BrokerA = new("DefaultCluster", "127.0.0.1:10911");

    [Fact]
    public async Task Registration_is_answered_as_before_when_the_same_table_comes_again_on_the_same_connection()
    {
        await using var broker = await ConnectAsync();
        var first = await broker.InvokeAsync(Registration("broker-a", 0, BrokerA.BrokerAddr, ["TopicA", "TBW102"]));
        var again = Registration("broker-a", 0, BrokerA.BrokerAddr, ["TopicA", "TBW102"]);
        var vouched = Server.Core.Routes.UnchangedRegistrations.Count;

        var second = await broker.InvokeAsync(again);
        var route = await broker.InvokeAsync(RouteRequest("TopicA"));

        Assert.Equal(1, vouched);
        Assert.Equal(ResponseCode.Success, first.Code);
        Assert.Equal(ResponseCode.Success, second.Code);
        Assert.Equal(first.ExtFields, second.ExtFields);
        Assert.Equal(ResponseCode.Success, route.Code);
        Assert.Equal("broker-a", Assert.Single(BodyDecoder.DecodeTopicRouteData(route.Body.Span).QueueDatas).BrokerName);
    }

    [Fact]
    public async Task Registration_restores_a_deleted_topic_when_the_same_table_comes_again()
    {
        await using var broker = await ConnectAsync();
        await using var admin = await ConnectAsync();
        await broker.InvokeAsync(Registration("broker-a", 0, BrokerA.BrokerAddr, ["TopicA", "TBW102"]));
        var deleted = await admin.InvokeAsync(Request(RequestCode.DeleteTopicInNamesrv, new ExtFields().Set("topic", "TopicA")));
        var gone = await admin.InvokeAsync(RouteRequest("TopicA"));

        var registered = await broker.InvokeAsync(Registration("broker-a", 0, BrokerA.BrokerAddr, ["TopicA", "TBW102"]));
        var back = await admin.InvokeAsync(RouteRequest("TopicA"));

        Assert.Equal(ResponseCode.Success, deleted.Code);
        Assert.Equal(ResponseCode.TopicNotExist, gone.Code);
        Assert.Equal(ResponseCode.Success, registered.Code);
        // A 5.x broker's topic without queue data is applied again (RouteInfoManager.registerBroker): the delete
        // withdrew the shortcut, so the body was decoded.
        Assert.Equal(ResponseCode.Success, back.Code);
    }

    [Fact]
    public async Task Registration_on_a_new_connection_moves_the_broker_to_it_when_the_table_is_the_same()
    {
        await using var oldConnection = await ConnectAsync();
        await using var newConnection = await ConnectAsync();
        await oldConnection.InvokeAsync(Registration("broker-a", 0, BrokerA.BrokerAddr, ["TopicA", "TBW102"]));
        var before = await EpochOfAsync(BrokerA);

        var registered = await newConnection.InvokeAsync(Registration("broker-a", 0, BrokerA.BrokerAddr, ["TopicA", "TBW102"]));
        var after = await EpochOfAsync(BrokerA);

        // Not a refresh under the old connection's epoch: its close must not remove the broker (epoch fencing).
        Assert.Equal(ResponseCode.Success, registered.Code);
        Assert.NotEqual(before, after);
    }

    private async Task<long> EpochOfAsync(BrokerLiveKey key)
    {
        var live = await Server.Core.RouteTable.Ask<Routing.LiveBrokers>(Routing.GetLiveBrokers.Instance, TimeSpan.FromSeconds(5));
        return live.Brokers.Single(b => b.Key == key).Value.ConnectionEpoch;
    }

    [Fact]
    public async Task Registration_of_a_large_table_is_answered_again_when_it_was_decoded_off_the_reading_thread()
    {
        await using var broker = await ConnectAsync();
        // About 400 KB: decoded off the reading thread, from a pooled copy when the pipe holds it in pieces.
        var topics = Enumerable.Range(0, 10_000).Select(i => "Topic-" + i).ToArray();

        var first = await broker.InvokeAsync(Registration("broker-a", 0, BrokerA.BrokerAddr, topics));
        var vouched = Server.Core.Routes.UnchangedRegistrations.Count;
        var second = await broker.InvokeAsync(Registration("broker-a", 0, BrokerA.BrokerAddr, topics));
        var route = await broker.InvokeAsync(RouteRequest("Topic-9999"));

        Assert.Equal(ResponseCode.Success, first.Code);
        Assert.Equal(1, vouched);
        Assert.Equal(ResponseCode.Success, second.Code);
        Assert.Equal(ResponseCode.Success, route.Code);
        Assert.Equal(10_000, Server.Core.Routes.Count);
    }

    [Fact]
    public async Task Registration_is_refused_when_the_same_header_comes_with_a_damaged_body()
    {
        await using var broker = await ConnectAsync();
        var good = Registration("broker-a", 0, BrokerA.BrokerAddr, ["TopicA", "TBW102"]);
        await broker.InvokeAsync(good);
        var damaged = Registration("broker-a", 0, BrokerA.BrokerAddr, ["TopicA", "TBW102"]);
        var bytes = damaged.Body.ToArray();
        bytes[^2] ^= 0x20;
        damaged.Body = bytes;

        var answer = await broker.InvokeAsync(damaged);

        Assert.Equal(ResponseCode.SystemError, answer.Code);
        Assert.Equal("crc32 not match", answer.Remark);
    }
}
