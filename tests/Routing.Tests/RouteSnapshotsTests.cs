using NameServer.Actors.Protocol.Model;

namespace NameServer.Actors.Routing.Tests;

public sealed class RouteSnapshotsTests
{
    [Fact]
    public void Find_returns_the_published_name_instance_when_the_topic_is_known()
    {
        var snapshots = new RouteSnapshots();
        var topic = new string("TopicA".AsSpan());
        snapshots.Publish(topic, new TopicRouteData([], [], new Dictionary<string, IReadOnlyList<string>>()));

        Assert.Same(topic, snapshots.Find("TopicA".AsSpan()));
        Assert.Null(snapshots.Find("TopicB".AsSpan()));
        snapshots.Publish(topic, null);
        Assert.Null(snapshots.Find("TopicA".AsSpan()));
    }

    private static TopicRouteData Route(string brokerName, int queues = 4) => new(
        [new QueueData(brokerName, queues, queues, 6, 0)],
        [new BrokerData("DefaultCluster", brokerName, new Dictionary<long, string> { [0] = "10.0.0.1:10911" })],
        new Dictionary<string, IReadOnlyList<string>>());

    [Fact]
    public void Publish_shares_one_shape_and_one_body_when_topics_have_equal_routes()
    {
        var snapshots = new RouteSnapshots();
        snapshots.Publish("TopicA", Route("broker-a"));
        snapshots.Publish("TopicB", Route("broker-a"));
        snapshots.Publish("TopicC", Route("broker-b"));

        Assert.True(snapshots.TryGet("TopicA", out var a));
        Assert.True(snapshots.TryGet("TopicB", out var b));
        Assert.True(snapshots.TryGet("TopicC", out var c));
        Assert.Same(a.Shape, b.Shape);
        Assert.NotSame(a.Shape, c.Shape);
        Assert.True(a.GetBody(Protocol.Json.JsonMode.Standard).Span.SequenceEqual(b.GetBody(Protocol.Json.JsonMode.Standard).Span));
        Assert.Equal(2, snapshots.ShapeCount);
        Assert.Equal("TopicB", b.Topic);
    }

    [Fact]
    public void Publish_forgets_a_shape_when_no_topic_holds_it_any_more()
    {
        var snapshots = new RouteSnapshots();
        snapshots.Publish("TopicA", Route("broker-a"));
        snapshots.Publish("TopicB", Route("broker-a"));

        snapshots.Publish("TopicA", Route("broker-a", queues: 8));
        Assert.Equal(2, snapshots.ShapeCount);
        snapshots.Publish("TopicB", null);
        Assert.Equal(1, snapshots.ShapeCount);
        snapshots.Publish("TopicA", null);
        Assert.Equal(0, snapshots.ShapeCount);
        Assert.Equal(0, snapshots.Count);
    }

    [Fact]
    public void Publish_keeps_the_first_name_instance_when_a_route_is_replaced_with_a_fresh_copy_of_the_name()
    {
        var snapshots = new RouteSnapshots();
        var first = new string("TopicA".AsSpan());
        snapshots.Publish(first, Route("broker-a"));

        snapshots.Publish(new string("TopicA".AsSpan()), Route("broker-b"));

        Assert.True(snapshots.TryGet("TopicA", out var snapshot));
        Assert.Same(first, snapshot.Topic);
        Assert.Same(first, snapshots.Find("TopicA".AsSpan()));
        Assert.Equal("broker-b", snapshot.Route.QueueDatas[0].BrokerName);
    }

    [Fact]
    public void Publish_never_shares_a_route_when_it_carries_a_static_topic_mapping()
    {
        var snapshots = new RouteSnapshots();
        var mapped = Route("broker-a") with { TopicQueueMappingByBroker = new Dictionary<string, TopicQueueMappingInfo>() };
        snapshots.Publish("TopicA", mapped);
        snapshots.Publish("TopicB", mapped);

        Assert.True(snapshots.TryGet("TopicA", out var a));
        Assert.True(snapshots.TryGet("TopicB", out var b));
        Assert.NotSame(a.Shape, b.Shape);
        Assert.Equal(0, snapshots.ShapeCount);
    }
}
