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

    [Fact]
    public void DifferingTopics_returns_nothing_when_both_tables_hold_the_same_digests()
    {
        var table = Digests(("A", "1"), ("B", "2"));

        Assert.Empty(RouteDigest.DifferingTopics(table, Digests(("B", "2"), ("A", "1"))));
        Assert.Empty(RouteDigest.DifferingTopics(Digests(), Digests()));
    }

    [Fact]
    public void DifferingTopics_returns_the_topics_sorted_ordinally_when_digests_differ_or_a_side_lacks_them()
    {
        var left = Digests(("b", "1"), ("Same", "s"), ("Changed", "x"), ("OnlyLeft", "l"));
        var right = Digests(("Same", "s"), ("Changed", "y"), ("OnlyRight", "r"), ("a", "1"));

        Assert.Equal(["Changed", "OnlyLeft", "OnlyRight", "a", "b"], RouteDigest.DifferingTopics(left, right));
        Assert.Equal(RouteDigest.DifferingTopics(left, right), RouteDigest.DifferingTopics(right, left));
    }

    [Fact]
    public void DifferingTopics_compares_topic_names_and_digests_ordinally_when_they_differ_only_in_case()
    {
        Assert.Equal(["T", "t"], RouteDigest.DifferingTopics(Digests(("t", "1")), Digests(("T", "1"))));
        Assert.Equal(["T"], RouteDigest.DifferingTopics(Digests(("T", "abc")), Digests(("T", "ABC"))));
    }

    private static IReadOnlyDictionary<string, string> Digests(params (string Topic, string Digest)[] entries) =>
        entries.ToDictionary(e => e.Topic, e => e.Digest, StringComparer.Ordinal);
}
