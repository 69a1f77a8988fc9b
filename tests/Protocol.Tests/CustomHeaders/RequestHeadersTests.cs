using NameServer.Actors.Protocol.CustomHeaders;
using NameServer.Actors.Protocol.Headers;

namespace NameServer.Actors.Protocol.Tests.CustomHeaders;

public sealed class RequestHeadersTests
{
    private static ExtFields RegisterFields() => new ExtFields()
        .Set("brokerName", "broker-a")
        .Set("brokerAddr", "10.0.0.1:10911")
        .Set("clusterName", "C")
        .Set("haServerAddr", "10.0.0.1:10912")
        .Set("brokerId", "1");

    [Fact]
    public void RegisterBroker_TryParse_reads_defaults_when_optional_fields_are_absent()
    {
        Assert.True(RegisterBrokerRequestHeader.TryParse(RegisterFields(), out var header, out var error));

        Assert.Null(error);
        Assert.Equal(new RegisterBrokerRequestHeader("broker-a", "10.0.0.1:10911", "C", "10.0.0.1:10912", 1), header);
    }

    [Fact]
    public void RegisterBroker_TryParse_reads_5x_fields_when_present()
    {
        var ext = RegisterFields()
            .Set("compressed", "TRUE")
            .Set("bodyCrc32", "12")
            .Set("heartbeatTimeoutMillis", "30000")
            .Set("enableActingMaster", "true")
            .Set("__ZONE_NAME", "z1")
            .Set("AccessKey", "ignored");

        Assert.True(RegisterBrokerRequestHeader.TryParse(ext, out var header, out _));

        Assert.True(header.Compressed);
        Assert.Equal(12, header.BodyCrc32);
        Assert.Equal(30000L, header.HeartbeatTimeoutMillis);
        Assert.True(header.EnableActingMaster);
        Assert.Equal("z1", header.ZoneName);
    }

    [Fact]
    public void RegisterBroker_TryParse_treats_unparsable_optional_numbers_as_absent()
    {
        var ext = RegisterFields().Set("bodyCrc32", "x").Set("heartbeatTimeoutMillis", "1.5");

        Assert.True(RegisterBrokerRequestHeader.TryParse(ext, out var header, out _));

        Assert.Equal(0, header.BodyCrc32);
        Assert.Null(header.HeartbeatTimeoutMillis);
    }

    [Theory]
    [InlineData("brokerName")]
    [InlineData("brokerAddr")]
    [InlineData("clusterName")]
    [InlineData("haServerAddr")]
    [InlineData("brokerId")]
    public void RegisterBroker_TryParse_names_field_when_required_field_is_missing(string field)
    {
        var ext = RegisterFields();
        ext.Remove(field);

        Assert.False(RegisterBrokerRequestHeader.TryParse(ext, out var header, out var error));

        Assert.Null(header);
        Assert.Equal($"the custom field <{field}> is null", error);
    }

    [Fact]
    public void RegisterBroker_TryParse_reports_field_when_required_long_is_not_a_number()
    {
        Assert.False(RegisterBrokerRequestHeader.TryParse(RegisterFields().Set("brokerId", "one"), out _, out var error));

        Assert.Equal("the custom field <brokerId> is not a valid long", error);
    }

    [Fact]
    public void TryParse_fails_when_ext_fields_are_null()
    {
        Assert.False(GetRouteInfoRequestHeader.TryParse(null, out _, out var error));

        Assert.Equal("the custom field <topic> is null", error);
    }

    [Fact]
    public void GetRouteInfo_TryParse_reads_zone_and_standard_json_flags_when_present()
    {
        var ext = new ExtFields().Set("topic", "T").Set("acceptStandardJsonOnly", "true").Set("__ZONE_MODE", "true").Set("__ZONE_NAME", "z");

        Assert.True(GetRouteInfoRequestHeader.TryParse(ext, out var header, out _));

        Assert.Equal(new GetRouteInfoRequestHeader("T", true, true, "z"), header);
    }

    [Fact]
    public void Simple_headers_parse_when_required_fields_are_present()
    {
        var ext = new ExtFields()
            .Set("namespace", "NS").Set("key", "K").Set("value", "V").Set("brokerName", "b").Set("topic", "T")
            .Set("clusterName", "C").Set("cluster", "C2").Set("brokerAddr", "a:1").Set("brokerId", "0");

        Assert.True(PutKvConfigRequestHeader.TryParse(ext, out var put, out _));
        Assert.Equal(new PutKvConfigRequestHeader("NS", "K", "V"), put);
        Assert.True(KvConfigKeyRequestHeader.TryParse(ext, out var key, out _));
        Assert.Equal(new KvConfigKeyRequestHeader("NS", "K"), key);
        Assert.True(GetKvListByNamespaceRequestHeader.TryParse(ext, out var list, out _));
        Assert.Equal("NS", list.Namespace);
        Assert.True(BrokerPermRequestHeader.TryParse(ext, out var perm, out _));
        Assert.Equal("b", perm.BrokerName);
        Assert.True(DeleteTopicRequestHeader.TryParse(ext, out var delete, out _));
        Assert.Equal(new DeleteTopicRequestHeader("T", "C"), delete);
        Assert.True(RegisterTopicRequestHeader.TryParse(ext, out var register, out _));
        Assert.Equal("T", register.Topic);
        Assert.True(GetTopicsByClusterRequestHeader.TryParse(ext, out var byCluster, out _));
        Assert.Equal("C2", byCluster.Cluster);
        Assert.True(QueryDataVersionRequestHeader.TryParse(ext, out var query, out _));
        Assert.Equal(new QueryDataVersionRequestHeader("b", "a:1", "C", 0), query);
        Assert.True(UnregisterBrokerRequestHeader.TryParse(ext, out var unregister, out _));
        Assert.Equal(new UnregisterBrokerRequestHeader("b", "a:1", "C", 0), unregister);
        Assert.True(GetBrokerMemberGroupRequestHeader.TryParse(ext, out var group, out _));
        Assert.Equal(new GetBrokerMemberGroupRequestHeader("C", "b"), group);
        Assert.True(BrokerHeartbeatRequestHeader.TryParse(ext, out var heartbeat, out _));
        Assert.Equal(0L, heartbeat.BrokerId);
    }

    [Fact]
    public void PutKvConfig_TryParse_keeps_null_value_when_value_is_missing()
    {
        Assert.True(PutKvConfigRequestHeader.TryParse(new ExtFields().Set("namespace", "N").Set("key", "K"), out var header, out _));

        Assert.Null(header.Value);
    }

    [Fact]
    public void DeleteTopic_TryParse_leaves_cluster_null_when_absent()
    {
        Assert.True(DeleteTopicRequestHeader.TryParse(new ExtFields().Set("topic", "T"), out var header, out _));

        Assert.Null(header.ClusterName);
    }
}
