using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Akka.Actor;
using NameServer.Actors.Protocol;
using NameServer.Actors.Protocol.Headers;
using NameServer.Actors.Routing;
using NameServer.Actors.Server.Security;

namespace NameServer.Actors.Server;

/// <summary>Whether a request changes the NameServer's state (routes, broker liveness, KV store, configuration).</summary>
public enum RequestAccess
{
    Read,
    Write,
}

/// <summary>Answers one request; <paramref name="session"/> is the connection's BrokerSession.</summary>
internal delegate ValueTask<Reply> RequestHandler(RequestDispatcher dispatcher, RemotingCommand request, IActorRef session);

/// <summary>One row of <see cref="RequestTable"/>: everything the server decides by a request's code.</summary>
public sealed class RequestKind
{
    internal RequestKind(
        int code, string name, RequestAccess access, bool isAdmin, OverloadClass overload, bool hotPath, RequestClass protection,
        RequestHandler handler, string? metricLabel = null)
    {
        Code = code;
        Name = name;
        Access = access;
        IsAdmin = isAdmin;
        Overload = overload;
        HotPath = hotPath;
        Protection = protection;
        Handler = handler;
        MetricLabel = metricLabel ?? code.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The request code (<see cref="RequestCode"/>).</summary>
    public int Code { get; }

    /// <summary>The name of the code in Java's <c>RequestCode</c> (<c>GET_ROUTEINFO_BY_TOPIC</c>).</summary>
    public string Name { get; }

    /// <summary>Whether the request changes state (liveness included).</summary>
    public RequestAccess Access { get; }

    /// <summary>
    /// True for operators' requests: sent by mqadmin, dashboards and other <c>DefaultMQAdminExt</c> users, never by a
    /// broker or client in its normal cycle.
    /// </summary>
    public bool IsAdmin { get; }

    /// <summary>The capacity (<see cref="RequestClassLimiter"/>) the request waits in, and the <c>class</c> label of its metrics.</summary>
    public OverloadClass Overload { get; }

    /// <summary>
    /// True when the request can be answered by the allocation-free route path
    /// (<see cref="RequestDispatcher.TryAnswerRoute"/>), which runs before authorization unless
    /// <see cref="AdminAuthorizer.ChecksRouteReads"/> says this row is protected.
    /// </summary>
    public bool HotPath { get; }

    /// <summary>Which switch protects the request when <see cref="SecuritySettings.AclEnable"/> is on (<see cref="AdminAuthorizer"/>).</summary>
    public RequestClass Protection { get; }

    /// <summary>The <c>code</c> label of <c>namesrv.requests</c>: the code in decimal, <c>other</c> for codes without a row.</summary>
    public string MetricLabel { get; }

    /// <summary>This row's place among the <c>namesrv.requests</c> counts: its index in <see cref="RequestTable.Rows"/>,
    /// or the last place for <see cref="RequestTable.Unsupported"/>.</summary>
    internal int MetricRow { get; set; } = -1;

    internal RequestHandler Handler { get; }

    public override string ToString() => $"{Code} {Name}";
}

/// <summary>
/// The one table of request codes: a row per code the server answers, read by dispatch (<see cref="RequestDispatcher"/>
/// calls the row's handler), authorization (<see cref="AdminAuthorizer"/>: <see cref="RequestKind.Protection"/>),
/// overload (<see cref="RequestClassLimiter"/>: <see cref="RequestKind.Overload"/>), the route hot path
/// (<see cref="RequestKind.HotPath"/>) and metrics (<c>NameServerMetrics</c>: <see cref="RequestKind.MetricLabel"/> and
/// the overload class). A code without a row is answered <c>REQUEST_CODE_NOT_SUPPORTED</c> (<see cref="Unsupported"/>).
/// </summary>
/// <remarks>
/// <para>
/// Java's NameServer has no such classes: 5.x runs <c>GET_ROUTEINFO_BY_TOPIC</c> on its own executor
/// (<c>NamesrvController.registerProcessor</c>: <c>ClientRequestProcessor</c> on <c>clientRequestExecutor</c>) and
/// every other code on the default executor (<c>DefaultRequestProcessor</c>); 4.9 runs everything on one executor.
/// The classes here follow who sends a code in Java (<c>BrokerOuterAPI</c> for brokers, <c>MQClientAPIImpl</c>
/// reached through <c>DefaultMQAdminExtImpl</c> for tools, <c>MQClientInstance</c> for clients) and what it does:
/// </para>
/// <list type="bullet">
/// <item>A broker's own traffic (every code only <c>BrokerOuterAPI</c> sends) is <see cref="OverloadClass.BrokerControl"/>
/// and <see cref="RequestClass.BrokerRegistration"/>: a broker signs all of its NameServer requests or none (one
/// remoting client with one <c>AclClientRPCHook</c>: 5.x <c>BrokerOuterAPI(NettyClientConfig, AuthConfig)</c>, 4.9
/// <c>BrokerController.registerClientRPCHook</c>), so one switch, <c>protectBrokerRegistration</c>, covers them all.</item>
/// <item>Operators' writes are <see cref="OverloadClass.AdminWrite"/> and always checked (<see cref="RequestClass.Admin"/>).</item>
/// <item>Operators' and clients' reads are <see cref="OverloadClass.AdminRead"/>, except the two answered from
/// published snapshots, which are <see cref="OverloadClass.RouteRead"/>.</item>
/// </list>
/// <para>
/// Three codes were classified differently by the two former tables; the rows below say why they now sit where they
/// do: <c>UNREGISTER_BROKER</c>, <c>REGISTER_TOPIC_IN_NAMESRV</c> (both were admin for authorization) and
/// <c>GET_BROKER_MEMBER_GROUP</c> (was a route read for authorization). <c>docs/SECURITY.md</c> states the change.
/// </para>
/// </remarks>
public static class RequestTable
{
    private const RequestAccess Read = RequestAccess.Read;
    private const RequestAccess Write = RequestAccess.Write;

    /// <summary>Every code the server answers, one row each, in code order.</summary>
    public static ImmutableArray<RequestKind> Rows { get; } =
    [
        // 5.0.0–5.1.3 DefaultRequestProcessor.getClientConfigs; no Java client or tool sends it. Answered for every
        // client version from the configuration snapshot.
        new(RequestCode.GetClientConfig, "GET_CLIENT_CONFIG", Read, isAdmin: false, OverloadClass.AdminRead, hotPath: false, RequestClass.Open,
            static (d, r, _) => new(d.GetClientConfig(r))),

        // DefaultRequestProcessor.putKVConfig / getKVConfig / deleteKVConfig; sent by tools (DefaultMQAdminExtImpl:
        // updateKvConfig, deleteKvConfig, updateOrderConf, updateTopic -o). KV reads stay open, as before.
        new(RequestCode.PutKvConfig, "PUT_KV_CONFIG", Write, isAdmin: true, OverloadClass.AdminWrite, hotPath: false, RequestClass.Admin,
            static (d, r, _) => d.PutKvConfigAsync(r)),
        new(RequestCode.GetKvConfig, "GET_KV_CONFIG", Read, isAdmin: true, OverloadClass.AdminRead, hotPath: false, RequestClass.Open,
            static (d, r, _) => d.GetKvConfigAsync(r)),
        new(RequestCode.DeleteKvConfig, "DELETE_KV_CONFIG", Write, isAdmin: true, OverloadClass.AdminWrite, hotPath: false, RequestClass.Admin,
            static (d, r, _) => d.DeleteKvConfigAsync(r)),

        // DefaultRequestProcessor.registerBroker → RouteInfoManager.registerBroker; sent by brokers only
        // (BrokerOuterAPI.registerBrokerAll, every 30 s and on topic changes).
        new(RequestCode.RegisterBroker, "REGISTER_BROKER", Write, isAdmin: false, OverloadClass.BrokerControl, hotPath: false, RequestClass.BrokerRegistration,
            static (d, r, s) => d.RegisterBrokerAsync(r, s)),

        // Disputed (was admin for authorization, broker control for overload). DefaultRequestProcessor.unregisterBroker;
        // the only sender is the broker itself at shutdown (BrokerController.shutdown → unregisterBrokerAll →
        // BrokerOuterAPI.unregisterBroker), no tool sends it. It is the broker's own traffic, signed or unsigned like its
        // registrations: a peer that may send REGISTER_BROKER can already replace a broker's address, so checking the
        // unregister more strictly protected nothing and only refused unsigned brokers' shutdown messages.
        new(RequestCode.UnregisterBroker, "UNREGISTER_BROKER", Write, isAdmin: false, OverloadClass.BrokerControl, hotPath: false, RequestClass.BrokerRegistration,
            static (d, r, s) => d.UnregisterBrokerAsync(r, s)),

        // 5.x ClientRequestProcessor.getRouteInfoByTopic on its own executor (4.9: DefaultRequestProcessor); sent by
        // clients (MQClientInstance.updateTopicRouteInfoFromNameServer), brokers and tools. The only hot-path code.
        new(RequestCode.GetRouteInfoByTopic, "GET_ROUTEINFO_BY_TOPIC", Read, isAdmin: false, OverloadClass.RouteRead, hotPath: true, RequestClass.RouteRead,
            static (d, r, _) => new(d.GetRoute(r))),

        // DefaultRequestProcessor.getBrokerClusterInfo; polled by 5.x brokers every 5 s (BrokerOuterAPI.getBrokerClusterInfo)
        // and read by tools (clusterList). Answered from the published cluster snapshot.
        new(RequestCode.GetBrokerClusterInfo, "GET_BROKER_CLUSTER_INFO", Read, isAdmin: false, OverloadClass.RouteRead, hotPath: false, RequestClass.RouteRead,
            static (d, r, _) => new(d.GetClusterInfo(r))),

        // DefaultRequestProcessor.wipeWritePermOfBroker; tools only (wipeWritePerm).
        new(RequestCode.WipeWritePermOfBroker, "WIPE_WRITE_PERM_OF_BROKER", Write, isAdmin: true, OverloadClass.AdminWrite, hotPath: false, RequestClass.Admin,
            static (d, r, _) => d.WipeWritePermAsync(r)),

        // DefaultRequestProcessor.getAllTopicListFromNameserver; tools (topicList: DefaultMQAdminExtImpl.fetchAllTopicList).
        new(RequestCode.GetAllTopicListFromNameServer, "GET_ALL_TOPIC_LIST_FROM_NAMESERVER", Read, isAdmin: true, OverloadClass.AdminRead, hotPath: false, RequestClass.RouteRead,
            static (d, r, _) => d.TopicListAsync(r, TopicListKind.All, static s => s.EnableAllTopicList)),

        // DefaultRequestProcessor.deleteTopicInNamesrv; tools only (deleteTopic).
        new(RequestCode.DeleteTopicInNamesrv, "DELETE_TOPIC_IN_NAMESRV", Write, isAdmin: true, OverloadClass.AdminWrite, hotPath: false, RequestClass.Admin,
            static (d, r, _) => d.DeleteTopicAsync(r)),

        // Disputed (was admin for authorization, broker control for overload). 5.x DefaultRequestProcessor.registerTopicToNamesrv;
        // the only sender is a broker (BrokerOuterAPI.registerSingleTopicAll, from BrokerController.registerSingleTopicAll
        // when a topic is created or updated on it with enableSingleTopicRegister); tools create topics on brokers
        // (UPDATE_AND_CREATE_TOPIC), never here. It carries a subset of what the same broker's REGISTER_BROKER carries,
        // so it gets the same class: refusing it from an unsigned broker only delayed the topic to the next registration.
        new(RequestCode.RegisterTopicInNamesrv, "REGISTER_TOPIC_IN_NAMESRV", Write, isAdmin: false, OverloadClass.BrokerControl, hotPath: false, RequestClass.BrokerRegistration,
            static (d, r, _) => d.RegisterTopicAsync(r)),

        // DefaultRequestProcessor.getKVListByNamespace; tools (DefaultMQAdminExtImpl.getKVListByNamespace).
        new(RequestCode.GetKvListByNamespace, "GET_KVLIST_BY_NAMESPACE", Read, isAdmin: true, OverloadClass.AdminRead, hotPath: false, RequestClass.Open,
            static (d, r, _) => d.GetKvListAsync(r)),

        // DefaultRequestProcessor.getTopicsByCluster; tools (DefaultMQAdminExtImpl.fetchTopicsByCLuster).
        new(RequestCode.GetTopicsByCluster, "GET_TOPICS_BY_CLUSTER", Read, isAdmin: true, OverloadClass.AdminRead, hotPath: false, RequestClass.RouteRead,
            static (d, r, _) => d.GetTopicsByClusterAsync(r)),

        // DefaultRequestProcessor.getSystemTopicListFromNs, getUnitTopicList, getHasUnitSubTopicList,
        // getHasUnitSubUnUnitTopicList; the client library's admin calls (MQClientAPIImpl.getSystemTopicList,
        // getUnitTopicList, getHasUnitSubTopicList, getHasUnitSubUnUnitTopicList), which dashboards use.
        new(RequestCode.GetSystemTopicListFromNs, "GET_SYSTEM_TOPIC_LIST_FROM_NS", Read, isAdmin: true, OverloadClass.AdminRead, hotPath: false, RequestClass.RouteRead,
            static (d, r, _) => d.TopicListAsync(r, TopicListKind.System, null)),
        new(RequestCode.GetUnitTopicList, "GET_UNIT_TOPIC_LIST", Read, isAdmin: true, OverloadClass.AdminRead, hotPath: false, RequestClass.RouteRead,
            static (d, r, _) => d.TopicListAsync(r, TopicListKind.Unit, static s => s.EnableTopicList)),
        new(RequestCode.GetHasUnitSubTopicList, "GET_HAS_UNIT_SUB_TOPIC_LIST", Read, isAdmin: true, OverloadClass.AdminRead, hotPath: false, RequestClass.RouteRead,
            static (d, r, _) => d.TopicListAsync(r, TopicListKind.HasUnitSub, static s => s.EnableTopicList)),
        new(RequestCode.GetHasUnitSubUnunitTopicList, "GET_HAS_UNIT_SUB_UNUNIT_TOPIC_LIST", Read, isAdmin: true, OverloadClass.AdminRead, hotPath: false, RequestClass.RouteRead,
            static (d, r, _) => d.TopicListAsync(r, TopicListKind.HasUnitSubUnUnit, static s => s.EnableTopicList)),

        // DefaultRequestProcessor.updateConfig / getConfig; tools only (updateNamesrvConfig, getNamesrvConfig). The
        // config read reveals paths, so it has a switch of its own (protectConfigReads).
        new(RequestCode.UpdateNamesrvConfig, "UPDATE_NAMESRV_CONFIG", Write, isAdmin: true, OverloadClass.AdminWrite, hotPath: false, RequestClass.Admin,
            static (d, r, _) => d.UpdateNamesrvConfigAsync(r)),
        new(RequestCode.GetNamesrvConfig, "GET_NAMESRV_CONFIG", Read, isAdmin: true, OverloadClass.AdminRead, hotPath: false, RequestClass.ConfigRead,
            static (d, r, _) => d.GetNamesrvConfigAsync(r)),

        // DefaultRequestProcessor.queryBrokerTopicConfig; brokers only (BrokerOuterAPI.needRegister, and as a oneway
        // keep-alive of acting-master brokers). It refreshes the broker's liveness, hence a write.
        new(RequestCode.QueryDataVersion, "QUERY_DATA_VERSION", Write, isAdmin: false, OverloadClass.BrokerControl, hotPath: false, RequestClass.BrokerRegistration,
            static (d, r, s) => d.QueryDataVersionAsync(r, s)),

        // DefaultRequestProcessor.addWritePermOfBroker; tools only (addWritePerm).
        new(RequestCode.AddWritePermOfBroker, "ADD_WRITE_PERM_OF_BROKER", Write, isAdmin: true, OverloadClass.AdminWrite, hotPath: false, RequestClass.Admin,
            static (d, r, _) => d.AddWritePermAsync(r)),

        // Disputed (was a route read for authorization, broker control for overload). 5.x
        // DefaultRequestProcessor.getBrokerMemberGroup; the only sender is a broker asking for its own group
        // (BrokerOuterAPI.getBrokerMemberGroup from BrokerController.syncBrokerMemberGroup, every second with
        // enableSlaveActingMaster, and BrokerPreOnlineService). As a route read it was refused to unsigned brokers
        // whenever protectRouteReads was on, which stopped their acting-master sync; it now follows the broker's switch.
        new(RequestCode.GetBrokerMemberGroup, "GET_BROKER_MEMBER_GROUP", Read, isAdmin: false, OverloadClass.BrokerControl, hotPath: false, RequestClass.BrokerRegistration,
            static (d, r, _) => d.GetBrokerMemberGroupAsync(r)),

        // 5.x DefaultRequestProcessor.brokerHeartbeat; brokers only (BrokerOuterAPI.sendHeartbeat, oneway). Refreshes liveness.
        new(RequestCode.BrokerHeartbeat, "BROKER_HEARTBEAT", Write, isAdmin: false, OverloadClass.BrokerControl, hotPath: false, RequestClass.BrokerRegistration,
            static (d, r, s) => d.BrokerHeartbeat(r, s)),
    ];

    /// <summary>
    /// Stands for every code without a row: answered <c>REQUEST_CODE_NOT_SUPPORTED</c> (as Java 5.x's
    /// <c>DefaultRequestProcessor</c> does), never checked, counted as an admin read, labelled <c>other</c>.
    /// </summary>
    public static RequestKind Unsupported { get; } = new(
        -1, "UNSUPPORTED", Read, isAdmin: false, OverloadClass.AdminRead, hotPath: false, RequestClass.Open,
        static (_, r, _) => new(RequestDispatcher.NotSupported(r)), metricLabel: "other");

    // Indexed by code: every code is below 1000, so a lookup is a bounds check and a load. Declared after Rows and
    // Unsupported: Index numbers both.
    private static readonly RequestKind?[] ByCode = Index(Rows);

    /// <summary>Places among the <c>namesrv.requests</c> counts: one per row and one for <see cref="Unsupported"/>.</summary>
    internal static int MetricRows => Rows.Length + 1;

    internal static string MetricLabelOfRow(int metricRow) =>
        metricRow < Rows.Length ? Rows[metricRow].MetricLabel : Unsupported.MetricLabel;

    /// <summary>The row of <paramref name="code"/>, or <see cref="Unsupported"/>.</summary>
    public static RequestKind Of(int code) =>
        (uint)code < (uint)ByCode.Length && ByCode[code] is { } row ? row : Unsupported;

    /// <summary>The row of <paramref name="code"/>; false when the server does not answer it.</summary>
    public static bool TryGet(int code, [NotNullWhen(true)] out RequestKind? row)
    {
        row = (uint)code < (uint)ByCode.Length ? ByCode[code] : null;
        return row is not null;
    }

    private static RequestKind?[] Index(ImmutableArray<RequestKind> rows)
    {
        var byCode = new RequestKind?[rows.Max(r => r.Code) + 1];
        for (var i = 0; i < rows.Length; i++)
        {
            var row = rows[i];
            row.MetricRow = i;
            if (row.Code < 0 || byCode[row.Code] is not null)
            {
                throw new InvalidOperationException($"Request code {row.Code} has more than one row, or a negative code");
            }
            byCode[row.Code] = row;
        }
        Unsupported.MetricRow = rows.Length;
        return byCode;
    }
}
