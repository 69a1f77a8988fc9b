using NameServer.Actors.Protocol.Headers;

namespace NameServer.Actors.Protocol.CustomHeaders;

// Response headers: Java creates the extFields map whenever the handler has a response-header class, so these always
// produce a (possibly empty) map; null fields are left out. Entry order is the one a Java HashMap yields.

/// <summary><c>REGISTER_BROKER</c> answer: master addresses for a slave, empty for a master.</summary>
public sealed record RegisterBrokerResponseHeader(string? HaServerAddr = null, string? MasterAddr = null)
{
    public ExtFields ToExtFields()
    {
        var ext = new ExtFields(2);
        if (HaServerAddr is not null)
        {
            ext.Set("haServerAddr", HaServerAddr);
        }
        if (MasterAddr is not null)
        {
            ext.Set("masterAddr", MasterAddr);
        }
        return ext;
    }
}

/// <summary><c>GET_KV_CONFIG</c> answer.</summary>
public sealed record GetKvConfigResponseHeader(string? Value)
{
    public ExtFields ToExtFields()
    {
        var ext = new ExtFields(1);
        if (Value is not null)
        {
            ext.Set("value", Value);
        }
        return ext;
    }
}

/// <summary><c>QUERY_DATA_VERSION</c> answer.</summary>
public sealed record QueryDataVersionResponseHeader(bool? Changed)
{
    public ExtFields ToExtFields()
    {
        var ext = new ExtFields(1);
        if (Changed is { } changed)
        {
            ext.Set("changed", JavaText.Of(changed));
        }
        return ext;
    }
}

/// <summary><c>WIPE_WRITE_PERM_OF_BROKER</c> answer.</summary>
public sealed record WipeWritePermResponseHeader(int? WipeTopicCount)
{
    public ExtFields ToExtFields()
    {
        var ext = new ExtFields(1);
        if (WipeTopicCount is { } count)
        {
            ext.Set("wipeTopicCount", JavaText.Of(count));
        }
        return ext;
    }
}

/// <summary><c>ADD_WRITE_PERM_OF_BROKER</c> answer.</summary>
public sealed record AddWritePermResponseHeader(int? AddTopicCount)
{
    public ExtFields ToExtFields()
    {
        var ext = new ExtFields(1);
        if (AddTopicCount is { } count)
        {
            ext.Set("addTopicCount", JavaText.Of(count));
        }
        return ext;
    }
}
