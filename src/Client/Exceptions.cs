using NameServer.Actors.Protocol;

namespace NameServer.Actors.Client;

/// <summary>Base of every failure talking to a NameServer; <see cref="Address"/> says which one.</summary>
public class RemotingException : Exception
{
    public RemotingException(string address, string message)
        : base(message)
    {
        Address = address;
    }

    public RemotingException(string address, string message, Exception inner)
        : base(message, inner)
    {
        Address = address;
    }

    /// <summary>The NameServer address (<c>host:port</c>), or the whole list when no server could be used.</summary>
    public string Address { get; }
}

/// <summary>The connection could not be opened, or broke (closed by the peer, disposed, send failed).</summary>
public sealed class RemotingConnectException : RemotingException
{
    public RemotingConnectException(string address, string message)
        : base(address, message)
    {
    }

    public RemotingConnectException(string address, string message, Exception inner)
        : base(address, message, inner)
    {
    }
}

/// <summary>No response arrived in time; the connection was closed (like Java's <c>clientCloseSocketIfTimeout</c>).</summary>
public sealed class RemotingTimeoutException : RemotingException
{
    public RemotingTimeoutException(string address, string message)
        : base(address, message)
    {
    }
}

/// <summary>The NameServer answered with a non-zero response code (or an unusable success answer).</summary>
public sealed class NameServerException : RemotingException
{
    public NameServerException(string address, int code, string? remark)
        : base(address, $"NameServer {address} answered code {code} ({CodeName(code)}): {remark ?? "no remark"}")
    {
        Code = code;
        Remark = remark;
    }

    public int Code { get; }

    public string? Remark { get; }

    private static string CodeName(int code) => code switch
    {
        ResponseCode.Success => "SUCCESS",
        ResponseCode.SystemError => "SYSTEM_ERROR",
        ResponseCode.SystemBusy => "SYSTEM_BUSY",
        ResponseCode.RequestCodeNotSupported => "REQUEST_CODE_NOT_SUPPORTED",
        ResponseCode.NoPermission => "NO_PERMISSION",
        ResponseCode.TopicNotExist => "TOPIC_NOT_EXIST",
        ResponseCode.QueryNotFound => "QUERY_NOT_FOUND",
        ResponseCode.GoAway => "GO_AWAY",
        _ => "unknown code",
    };
}
