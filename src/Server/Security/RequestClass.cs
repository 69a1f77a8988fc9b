namespace NameServer.Actors.Server.Security;

/// <summary>
/// How a request code is protected when <see cref="SecuritySettings.AclEnable"/> is on; a code's class is its row's
/// <see cref="RequestKind.Protection"/> in <see cref="RequestTable"/>.
/// </summary>
public enum RequestClass
{
    /// <summary>Unknown codes and harmless reads (KV and client config reads); never checked.</summary>
    Open,

    /// <summary>Route, cluster and topic-list reads; checked only with <see cref="SecuritySettings.ProtectRouteReads"/>.</summary>
    RouteRead,

    /// <summary>
    /// Everything a broker sends about itself (registration, keep-alives, unregistration, single-topic registration,
    /// its member group); checked only with <see cref="SecuritySettings.ProtectBrokerRegistration"/>.
    /// </summary>
    BrokerRegistration,

    /// <summary><c>GET_NAMESRV_CONFIG</c>; checked only with <see cref="SecuritySettings.ProtectConfigReads"/>.</summary>
    ConfigRead,

    /// <summary>Operators' writes; always checked.</summary>
    Admin,
}
