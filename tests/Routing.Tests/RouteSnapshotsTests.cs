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
}
