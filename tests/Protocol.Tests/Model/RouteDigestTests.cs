using NameServer.Actors.Protocol.Model;
using Xunit;

namespace NameServer.Actors.Protocol.Tests.Model;

public sealed class RouteDigestTests
{
    private static TopicRouteData Route(bool reversed = false, string masterAddress = "10.0.0.1:10911", int perm = 6)
    {
        var queues = new List<QueueData> { new("broker-a", 8, 8, perm, 0), new("broker-b", 4, 4, 6, 0) };
        var brokers = new List<BrokerData>
        {
            new("c1", "broker-a", new Dictionary<long, string> { [0] = masterAddress, [1] = "10.0.0.2:10911" }),
            new("c1", "broker-b", new Dictionary<long, string> { [0] = "10.0.0.3:10911" }),
        };
        if (reversed)
        {
            queues.Reverse();
            brokers.Reverse();
            brokers[1] = brokers[1] with { BrokerAddrs = new Dictionary<long, string> { [1] = "10.0.0.2:10911", [0] = masterAddress } };
        }
        return new TopicRouteData(queues, brokers, new Dictionary<string, IReadOnlyList<string>>());
    }

    [Fact]
    public void Of_is_the_same_when_brokers_and_queues_come_in_another_order()
    {
        Assert.Equal(RouteDigest.Of(Route()), RouteDigest.Of(Route(reversed: true)));
    }

    [Fact]
    public void Of_changes_when_an_address_or_a_permission_changes()
    {
        var digest = RouteDigest.Of(Route());
        Assert.NotEqual(digest, RouteDigest.Of(Route(masterAddress: "10.0.0.9:10911")));
        Assert.NotEqual(digest, RouteDigest.Of(Route(perm: 4)));
        Assert.NotEqual(digest, RouteDigest.Of(Route() with { OrderTopicConf = "broker-a:8" }));
    }

    [Fact]
    public void Of_is_sixteen_lowercase_hex_digits()
    {
        var digest = RouteDigest.Of(Route());
        Assert.Equal(RouteDigest.Length, digest.Length);
        Assert.All(digest, c => Assert.True(char.IsAsciiHexDigitLower(c) || char.IsAsciiDigit(c)));
    }

    [Fact]
    public void OfTable_does_not_depend_on_topic_order_but_on_every_digest()
    {
        var a = new KeyValuePair<string, string>("a", "0123456789abcdef");
        var b = new KeyValuePair<string, string>("b", "fedcba9876543210");
        Assert.Equal(RouteDigest.OfTable([a, b]), RouteDigest.OfTable([b, a]));
        Assert.NotEqual(RouteDigest.OfTable([a, b]), RouteDigest.OfTable([a, new KeyValuePair<string, string>("b", "fedcba9876543211")]));
        Assert.NotEqual(RouteDigest.OfTable([a, b]), RouteDigest.OfTable([a]));
    }

    [Fact]
    public void ToMetricValue_is_the_first_48_bits_and_refuses_other_text()
    {
        Assert.Equal(0x0123456789ab, RouteDigest.ToMetricValue("0123456789abcdef"));
        Assert.Throws<FormatException>(() => RouteDigest.ToMetricValue("not a digest"));
    }
}
