namespace NameServer.Actors.Protocol;

/// <summary>Request codes a NameServer handles (<c>RequestCode.java</c>).</summary>
public static class RequestCode
{
    public const int GetClientConfig = 47;
    public const int PutKvConfig = 100;
    public const int GetKvConfig = 101;
    public const int DeleteKvConfig = 102;
    public const int RegisterBroker = 103;
    public const int UnregisterBroker = 104;
    public const int GetRouteInfoByTopic = 105;
    public const int GetBrokerClusterInfo = 106;
    public const int WipeWritePermOfBroker = 205;
    public const int GetAllTopicListFromNameServer = 206;
    public const int DeleteTopicInNamesrv = 216;
    public const int RegisterTopicInNamesrv = 217;
    public const int GetKvListByNamespace = 219;
    public const int GetTopicsByCluster = 224;
    public const int GetSystemTopicListFromNs = 304;
    public const int GetUnitTopicList = 311;
    public const int GetHasUnitSubTopicList = 312;
    public const int GetHasUnitSubUnunitTopicList = 313;
    public const int UpdateNamesrvConfig = 318;
    public const int GetNamesrvConfig = 319;
    public const int QueryDataVersion = 322;
    public const int AddWritePermOfBroker = 327;
    public const int GetBrokerMemberGroup = 901;
    public const int BrokerHeartbeat = 904;
    public const int NotifyMinBrokerIdChange = 905;
}

/// <summary>Response codes the NameServer answers with.</summary>
public static class ResponseCode
{
    public const int Success = 0;
    public const int SystemError = 1;
    public const int SystemBusy = 2;
    public const int RequestCodeNotSupported = 3;
    public const int NoPermission = 16;
    public const int TopicNotExist = 17;
    public const int QueryNotFound = 22;
    public const int GoAway = 1500;
}

/// <summary>Permission bits of a queue (<c>PermName.java</c>).</summary>
public static class Perm
{
    public const int Priority = 8;
    public const int Read = 4;
    public const int Write = 2;
    public const int Inherit = 1;
    public const int ReadWrite = Read | Write;
}

/// <summary>Topic system flags (<c>TopicSysFlag.java</c>).</summary>
public static class TopicSysFlag
{
    public const int Unit = 1;
    public const int UnitSub = 2;
}

/// <summary>Version ordinals (<c>MQVersion.Version</c>) that change NameServer behaviour.</summary>
public static class MqVersion
{
    public const int V3_0_11 = 37;
    public const int V4_9_4 = 401;
    public const int V4_9_8 = 409;
    public const int V5_0_0 = 413;
    public const int V5_1_0 = 433;
    public const int V5_3_1 = 475;
    public const int V5_3_3 = 479;

    // From 4.9.4 on, RocketMQ's version enum is dense: every x.y.z release follows its own SNAPSHOT entry.
    private const int V4_0_0 = 213;

    /// <summary>
    /// The Java enum name of a remoting version (<c>V4_9_8</c>, <c>V5_3_4_SNAPSHOT</c>) for 4.9.4 and later, whose
    /// numbering is regular; older or unknown versions are shown as their number.
    /// </summary>
    public static string Describe(int version)
    {
        if (version < V4_9_4)
        {
            return version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        var release = version - V4_0_0;
        var snapshot = release % 2 != 0;
        var index = (release + (snapshot ? 1 : 0)) / 2;
        var name = $"V{4 + (index / 100)}_{index / 10 % 10}_{index % 10}";
        return snapshot ? name + "_SNAPSHOT" : name;
    }
}
