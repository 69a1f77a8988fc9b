using System.Text;
using NameServer.Actors.Protocol;
using NameServer.Actors.Protocol.Bodies;
using NameServer.Actors.Protocol.Headers;

namespace NameServer.Actors.Server.Tests;

/// <summary>The dispatcher reads the typed settings NamesrvConfig republishes after each accepted <c>UPDATE_NAMESRV_CONFIG</c>.</summary>
public sealed class RequestDispatcherTests : ServerTestBase
{
    private static RemotingCommand Update(string properties) =>
        Request(RequestCode.UpdateNamesrvConfig, body: Encoding.UTF8.GetBytes(properties));

    [Fact]
    public async Task Dispatcher_refuses_the_all_topic_list_on_the_next_request_when_an_update_turns_it_off()
    {
        await using var admin = await ConnectAsync();
        await admin.InvokeAsync(Registration("broker-a", 0, "127.0.0.1:10911", ["TopicA", "TBW102"]));
        var before = await admin.InvokeAsync(Request(RequestCode.GetAllTopicListFromNameServer));

        var updated = await admin.InvokeAsync(Update("enableAllTopicList=false\n"));
        var after = await admin.InvokeAsync(Request(RequestCode.GetAllTopicListFromNameServer));

        Assert.Equal(ResponseCode.Success, before.Code);
        Assert.Contains("TopicA", BodyDecoder.DecodeTopicList(before.Body.Span).Topics);
        Assert.Equal(ResponseCode.Success, updated.Code);
        Assert.Equal(ResponseCode.SystemError, after.Code);
        Assert.Equal("disable", after.Remark);
        Assert.False(Server.Core.Config.Settings.EnableAllTopicList);
    }

    [Fact]
    public async Task Dispatcher_adds_the_order_topic_config_to_routes_on_the_next_request_when_an_update_turns_it_on()
    {
        await using var admin = await ConnectAsync();
        await admin.InvokeAsync(Registration("broker-a", 0, "127.0.0.1:10911", ["TopicA", "TBW102"]));
        await admin.InvokeAsync(Request(RequestCode.PutKvConfig, new ExtFields()
            .Set("namespace", "ORDER_TOPIC_CONFIG").Set("key", "TopicA").Set("value", "broker-a:4")));
        var before = BodyDecoder.DecodeTopicRouteData((await admin.InvokeAsync(RouteRequest("TopicA"))).Body.Span);

        Assert.Equal(ResponseCode.Success, (await admin.InvokeAsync(Update("orderMessageEnable=true\n"))).Code);
        var after = BodyDecoder.DecodeTopicRouteData((await admin.InvokeAsync(RouteRequest("TopicA"))).Body.Span);

        Assert.Null(before.OrderTopicConf);
        Assert.Equal("broker-a:4", after.OrderTopicConf);
    }

    [Theory]
    [InlineData("waitSecondsForService=-1\n", "waitSecondsForService")]
    [InlineData("scanNotActiveBrokerInterval=0\n", "scanNotActiveBrokerInterval")]
    [InlineData("enableAllTopicList=nope\n", "enableAllTopicList")]
    public async Task Dispatcher_refuses_an_update_with_an_unusable_value_and_nothing_changes(string body, string key)
    {
        await using var admin = await ConnectAsync();
        var before = Encoding.UTF8.GetString((await admin.InvokeAsync(Request(RequestCode.GetNamesrvConfig))).Body.Span);
        var settings = Server.Core.Config.Settings;

        var refused = await admin.InvokeAsync(Update("enableAllTopicList=false\n" + body));
        var after = Encoding.UTF8.GetString((await admin.InvokeAsync(Request(RequestCode.GetNamesrvConfig))).Body.Span);
        var topicList = await admin.InvokeAsync(Request(RequestCode.GetAllTopicListFromNameServer));

        Assert.Equal(ResponseCode.SystemError, refused.Code);
        Assert.Contains(key, refused.Remark, StringComparison.Ordinal);
        Assert.Equal(before, after);
        Assert.Same(settings, Server.Core.Config.Settings);
        Assert.Equal(ResponseCode.Success, topicList.Code);
    }
}
