using NameServer.Actors.Protocol.Frames;

namespace NameServer.Actors.Protocol.Headers;

/// <summary>
/// One decoded request or response (<c>RemotingCommand</c>): the header fields, the custom-header map and the body.
/// Mutable so a handler can fill a response step by step; not thread-safe.
/// </summary>
public sealed class RemotingCommand
{
    /// <summary>Flag bit 0: the command is a response.</summary>
    public const int ResponseFlag = 1;

    /// <summary>Flag bit 1: a oneway request that must not be answered.</summary>
    public const int OnewayFlag = 2;

    /// <summary>Version the server claims in its responses unless told otherwise (5.3.3).</summary>
    public const int DefaultResponseVersion = MqVersion.V5_3_3;

    public int Code { get; set; }

    /// <summary>Null when the sender's language is unknown (unknown JSON name or binary byte).</summary>
    public LanguageCode? Language { get; set; } = LanguageCode.JAVA;

    public int Version { get; set; }

    public int Opaque { get; set; }

    public int Flag { get; set; }

    public string? Remark { get; set; }

    /// <summary>Null when the header carries no map; an empty map is written as <c>{}</c>.</summary>
    public ExtFields? ExtFields { get; set; }

    /// <summary>Empty means "no body" (the wire cannot tell an empty body from none).</summary>
    public ReadOnlyMemory<byte> Body { get; set; }

    public SerializeType SerializeType { get; set; } = SerializeType.Json;

    public bool IsResponse => (Flag & ResponseFlag) != 0;

    public bool IsOneway => (Flag & OnewayFlag) != 0;

    /// <summary>Creates a request with the given code (flag 0, language JAVA).</summary>
    public static RemotingCommand CreateRequest(int code, int opaque, int version = DefaultResponseVersion, ExtFields? extFields = null) =>
        new()
        {
            Code = code,
            Opaque = opaque,
            Version = version,
            ExtFields = extFields,
        };

    /// <summary>
    /// Builds the answer to <paramref name="request"/>: same opaque and serialize type, flag = response, language JAVA,
    /// no ext fields and no body (set them afterwards).
    /// </summary>
    public static RemotingCommand CreateResponse(
        RemotingCommand request,
        int code,
        string? remark = null,
        int version = DefaultResponseVersion)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new RemotingCommand
        {
            Code = code,
            Language = LanguageCode.JAVA,
            Version = version,
            Opaque = request.Opaque,
            Flag = ResponseFlag,
            Remark = remark,
            SerializeType = request.SerializeType,
        };
    }

    /// <summary>Sets or creates the ext field map entry; returns this for chaining.</summary>
    public RemotingCommand WithExtField(string key, string value)
    {
        (ExtFields ??= new ExtFields()).Set(key, value);
        return this;
    }

    public override string ToString() =>
        $"RemotingCommand[code={Code}, language={Language}, version={Version}, opaque={Opaque}, flag={Flag}, " +
        $"remark={Remark}, extFields={ExtFields?.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null"}, " +
        $"body={Body.Length}, serializeType={SerializeType}]";
}
