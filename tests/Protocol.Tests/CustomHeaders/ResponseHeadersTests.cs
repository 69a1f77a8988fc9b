using NameServer.Actors.Protocol.CustomHeaders;

namespace NameServer.Actors.Protocol.Tests.CustomHeaders;

public sealed class ResponseHeadersTests
{
    [Fact]
    public void Response_headers_build_ext_fields_when_values_are_set()
    {
        Assert.Equal([KeyValuePair.Create("value", "v")], new GetKvConfigResponseHeader("v").ToExtFields().ToList());
        Assert.Empty(new GetKvConfigResponseHeader(null).ToExtFields());
        Assert.Equal([KeyValuePair.Create("changed", "false")], new QueryDataVersionResponseHeader(false).ToExtFields().ToList());
        Assert.Equal([KeyValuePair.Create("wipeTopicCount", "15")], new WipeWritePermResponseHeader(15).ToExtFields().ToList());
        Assert.Equal([KeyValuePair.Create("addTopicCount", "3")], new AddWritePermResponseHeader(3).ToExtFields().ToList());
    }
}
