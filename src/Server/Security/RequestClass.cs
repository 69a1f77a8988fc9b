using NameServer.Actors.Protocol;

namespace NameServer.Actors.Server.Security;

/// <summary>How a request code is protected when <see cref="SecuritySettings.AclEnable"/> is on.</summary>
public enum RequestClass
{
    /// <summary>Unknown codes and harmless reads (KV and client config reads); never checked.</summary>
    Open,

    /// <summary>Route, cluster and topic-list reads; checked only with <see cref="SecuritySettings.ProtectRouteReads"/>.</summary>
    RouteRead,

    /// <summary>Broker registration and its keep-alives; checked only with <see cref="SecuritySettings.ProtectBrokerRegistration"/>.</summary>
    BrokerRegistration,

    /// <summary><c>GET_NAMESRV_CONFIG</c>; checked only with <see cref="SecuritySettings.ProtectConfigReads"/>.</summary>
    ConfigRead,

    /// <summary>Mutating or administrative requests; always checked.</summary>
    Admin,
}

/// <summary>The request code → <see cref="RequestClass"/> table.</summary>
public static class RequestClassification
{
    public static RequestClass Classify(int code) =>
        code switch
        {
            RequestCode.PutKvConfig or RequestCode.DeleteKvConfig or RequestCode.WipeWritePermOfBroker
                or RequestCode.AddWritePermOfBroker or RequestCode.DeleteTopicInNamesrv or RequestCode.RegisterTopicInNamesrv
                or RequestCode.UpdateNamesrvConfig or RequestCode.UnregisterBroker => RequestClass.Admin,
            RequestCode.GetRouteInfoByTopic or RequestCode.GetBrokerClusterInfo or RequestCode.GetAllTopicListFromNameServer
                or RequestCode.GetTopicsByCluster or RequestCode.GetSystemTopicListFromNs or RequestCode.GetUnitTopicList
                or RequestCode.GetHasUnitSubTopicList or RequestCode.GetHasUnitSubUnunitTopicList
                or RequestCode.GetBrokerMemberGroup => RequestClass.RouteRead,
            RequestCode.RegisterBroker or RequestCode.QueryDataVersion or RequestCode.BrokerHeartbeat => RequestClass.BrokerRegistration,
            RequestCode.GetNamesrvConfig => RequestClass.ConfigRead,
            _ => RequestClass.Open,
        };
}
