using System.Globalization;
using System.Net;
using Microsoft.Extensions.Configuration;
using NameServer.Actors.Routing.Config;

namespace NameServer.Actors.Server;

/// <summary>
/// The listening side, named after the keys of Java's <c>NettyServerConfig</c> (<c>remoting</c> module), plus
/// our limits, read from the same <c>nameserver</c> section as the routing settings by <see cref="Create"/>. Immutable;
/// every default is in <c>reference.conf</c>, none here.
/// </summary>
public sealed record ServerSettings
{
    /// <summary><c>bindAddress</c>: the address to listen on.</summary>
    public required IPAddress BindAddress { get; init; }

    /// <summary><c>listenPort</c>: the remoting port; 0 picks a free port (tests).</summary>
    public required int ListenPort { get; init; }

    /// <summary><c>serverChannelMaxIdleTimeSeconds</c>: a connection with no traffic for this long is closed and treated as a close.</summary>
    public required int ServerChannelMaxIdleTimeSeconds { get; init; }

    /// <summary><c>frameMaxLength</c>: the largest frame accepted, checked from the length prefix before anything is buffered.</summary>
    public required long FrameMaxLength { get; init; }

    internal int FrameLimit => (int)Math.Clamp(FrameMaxLength, 16, int.MaxValue);

    /// <summary><c>requestTimeout</c>: how long a request may wait for the routing actors before it is answered <c>SYSTEM_ERROR</c>.</summary>
    public required TimeSpan RequestTimeout { get; init; }

    /// <summary><c>shutdownWaitTimeSeconds</c>: how long a graceful shutdown waits for requests in flight.</summary>
    public required int ShutdownWaitTimeSeconds { get; init; }

    /// <summary><c>maxConnections</c>: connections beyond this many are closed at once (0 = no limit).</summary>
    public required int MaxConnections { get; init; }

    /// <summary><c>maxInFlightPerConnection</c>: requests of one connection waiting for an answer; more are answered <c>SYSTEM_BUSY</c> (0 = no limit).</summary>
    public required int MaxInFlightPerConnection { get; init; }

    /// <summary>
    /// <c>memoryTrimIntervalSeconds</c>: how often namesrv checks whether to compact a quiet heap after a burst
    /// (its <c>MemoryTrimmer</c>); 0 never. Read by the namesrv executable only.
    /// </summary>
    public required int MemoryTrimIntervalSeconds { get; init; }

    /// <summary><c>frameReadTimeoutSeconds</c>: a frame whose bytes started arriving must be complete within this many seconds (slow senders).</summary>
    public required int FrameReadTimeoutSeconds { get; init; }

    /// <summary><c>maxKvValueSize</c>: the largest KV value accepted by <c>PUT_KV_CONFIG</c>, in UTF-8 bytes.</summary>
    public required long MaxKvValueSize { get; init; }

    /// <summary><c>routeBodyCacheBytes</c>: byte budget of the encoded route bodies kept between queries (0 keeps none).</summary>
    public required long RouteBodyCacheBytes { get; init; }

    /// <summary><c>maxTopicsPerRegistration</c>: most topics one <c>REGISTER_BROKER</c> may carry; more is refused.</summary>
    public required int MaxTopicsPerRegistration { get; init; }

    /// <summary><c>routeReadQueueCapacity</c>: route reads (105, 106) waiting server-wide beyond the hot path; more are answered <c>SYSTEM_BUSY</c>.</summary>
    public required int RouteReadQueueCapacity { get; init; }

    /// <summary><c>brokerControlQueueCapacity</c>: broker traffic (103, 104, 217, 322, 901, 904) waiting server-wide.</summary>
    public required int BrokerControlQueueCapacity { get; init; }

    /// <summary><c>adminReadQueueCapacity</c>: admin reads (KV and topic lists, configuration) waiting server-wide.</summary>
    public required int AdminReadQueueCapacity { get; init; }

    /// <summary><c>adminWriteQueueCapacity</c>: admin writes waiting server-wide; 0 refuses them all.</summary>
    public required int AdminWriteQueueCapacity { get; init; }

    /// <summary><c>healthPort</c>: port of the HTTP health endpoint (<c>/live</c>, <c>/ready</c>) on <see cref="BindAddress"/> (0 = off).</summary>
    public required int HealthPort { get; init; }

    /// <summary>
    /// <c>socketIoThreads</c>: socket threads of the <c>namesrv</c> process, which then run every connection's code
    /// themselves: 0 = one per two cores, at least one; -1 = the .NET defaults. Applied by <c>namesrv</c> at process
    /// start; an embedding host keeps its own socket settings.
    /// </summary>
    public required int SocketIoThreads { get; init; }

    /// <summary><c>remotingTransport</c>: what serves the remoting port (<see cref="Server.RemotingTransport"/>).</summary>
    public required RemotingTransport RemotingTransport { get; init; }

    /// <summary><c>serializeType</c>: header codec of commands the server originates. Answers always mirror the request's codec.</summary>
    public required string SerializeType { get; init; }

    /// <summary><c>enableShutdownGracefully</c>, compatibility: requests in flight are always waited for here.</summary>
    public required bool EnableShutdownGracefully { get; init; }

    /// <summary>Compatibility keys of Netty, reported by <c>GET_NAMESRV_CONFIG</c>; they change nothing here.</summary>
    public required bool ServerNettyWorkerGroupEnable { get; init; }

    public required int ServerWorkerThreads { get; init; }

    public required int ServerCallbackExecutorThreads { get; init; }

    public required int ServerSelectorThreads { get; init; }

    public required int ServerOnewaySemaphoreValue { get; init; }

    public required int ServerAsyncSemaphoreValue { get; init; }

    public required int ServerSocketSndBufSize { get; init; }

    public required int ServerSocketRcvBufSize { get; init; }

    public required int WriteBufferHighWaterMark { get; init; }

    public required int WriteBufferLowWaterMark { get; init; }

    /// <summary><c>serverSocketBacklog</c>: the listen backlog.</summary>
    public required int ServerSocketBacklog { get; init; }

    public required bool ServerPooledByteBufAllocatorEnable { get; init; }

    public required bool UseEpollNativeSelector { get; init; }

    /// <summary>How long a new connection may stay silent before its first byte decides TLS or plaintext: the idle time (at least 1 s).</summary>
    public TimeSpan FirstByteTimeout => TimeSpan.FromSeconds(Math.Max(1, ServerChannelMaxIdleTimeSeconds));

    /// <summary>Reads and checks the listener keys of the <c>nameserver</c> section.</summary>
    /// <exception cref="SettingsException">A key is missing or its value unusable; the message names it.</exception>
    public static ServerSettings Create(IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var read = new SettingsReader(section);
        var socketIoThreads = read.Int("socketIoThreads");
        if (socketIoThreads is < -1 or > 1024)
        {
            throw read.Invalid("socketIoThreads", $"{socketIoThreads} must be -1 (the .NET defaults), 0 (automatic) or a thread count up to 1024");
        }
        var transport = read.Text("remotingTransport").Trim().ToLowerInvariant() switch
        {
            "sockets" => RemotingTransport.Sockets,
            "kestrel" => RemotingTransport.Kestrel,
            var other => throw read.Invalid("remotingTransport", $"'{other}' is not sockets or kestrel"),
        };
        var routeBodyCacheBytes = read.Bytes("routeBodyCacheBytes");
        if (routeBodyCacheBytes < 0)
        {
            throw read.Invalid("routeBodyCacheBytes", $"{routeBodyCacheBytes} must be 0 (keep no body) or more");
        }
        return new ServerSettings
        {
            BindAddress = read.Address("bindAddress"),
            ListenPort = read.Port("listenPort"),
            ServerChannelMaxIdleTimeSeconds = read.Int("serverChannelMaxIdleTimeSeconds"),
            FrameMaxLength = read.Bytes("frameMaxLength"),
            RequestTimeout = read.PositiveDuration("requestTimeout"),
            ShutdownWaitTimeSeconds = read.Int("shutdownWaitTimeSeconds", 0, int.MaxValue),
            MaxConnections = read.Int("maxConnections", 0, int.MaxValue),
            MaxInFlightPerConnection = read.Int("maxInFlightPerConnection", 0, int.MaxValue),
            FrameReadTimeoutSeconds = read.Int("frameReadTimeoutSeconds"),
            MemoryTrimIntervalSeconds = read.Int("memoryTrimIntervalSeconds", 0, 86_400),
            MaxKvValueSize = read.Bytes("maxKvValueSize"),
            RouteBodyCacheBytes = routeBodyCacheBytes,
            MaxTopicsPerRegistration = read.Int("maxTopicsPerRegistration", 0, int.MaxValue),
            RouteReadQueueCapacity = read.Int("routeReadQueueCapacity", 0, int.MaxValue),
            BrokerControlQueueCapacity = read.Int("brokerControlQueueCapacity", 0, int.MaxValue),
            AdminReadQueueCapacity = read.Int("adminReadQueueCapacity", 0, int.MaxValue),
            AdminWriteQueueCapacity = read.Int("adminWriteQueueCapacity", 0, int.MaxValue),
            HealthPort = read.Port("healthPort"),
            SocketIoThreads = socketIoThreads,
            RemotingTransport = transport,
            SerializeType = read.Text("serializeType"),
            EnableShutdownGracefully = read.Boolean("enableShutdownGracefully"),
            ServerNettyWorkerGroupEnable = read.Boolean("serverNettyWorkerGroupEnable"),
            ServerWorkerThreads = read.Int("serverWorkerThreads"),
            ServerCallbackExecutorThreads = read.Int("serverCallbackExecutorThreads"),
            ServerSelectorThreads = read.Int("serverSelectorThreads"),
            ServerOnewaySemaphoreValue = read.Int("serverOnewaySemaphoreValue"),
            ServerAsyncSemaphoreValue = read.Int("serverAsyncSemaphoreValue"),
            ServerSocketSndBufSize = read.Int("serverSocketSndBufSize"),
            ServerSocketRcvBufSize = read.Int("serverSocketRcvBufSize"),
            WriteBufferHighWaterMark = read.Int("writeBufferHighWaterMark"),
            WriteBufferLowWaterMark = read.Int("writeBufferLowWaterMark"),
            ServerSocketBacklog = read.Int("serverSocketBacklog"),
            ServerPooledByteBufAllocatorEnable = read.Boolean("serverPooledByteBufAllocatorEnable"),
            UseEpollNativeSelector = read.Boolean("useEpollNativeSelector"),
        };
    }

    /// <summary>The keys this class reads that are not reported by <see cref="ToProperties"/>.</summary>
    internal static IReadOnlyList<string> UnreportedKeys { get; } = ["frameMaxLength", "requestTimeout", "serializeType"];

    /// <summary>The reported keys in the Java form, for <c>GET_NAMESRV_CONFIG</c> and <c>namesrv -p</c>.</summary>
    public IEnumerable<KeyValuePair<string, string>> ToProperties()
    {
        static string I(long v) => v.ToString(CultureInfo.InvariantCulture);
        static string B(bool v) => v ? "true" : "false";
        yield return new("bindAddress", BindAddress.ToString());
        yield return new("listenPort", I(ListenPort));
        yield return new("serverChannelMaxIdleTimeSeconds", I(ServerChannelMaxIdleTimeSeconds));
        yield return new("serverWorkerThreads", I(ServerWorkerThreads));
        yield return new("serverCallbackExecutorThreads", I(ServerCallbackExecutorThreads));
        yield return new("serverSelectorThreads", I(ServerSelectorThreads));
        yield return new("serverOnewaySemaphoreValue", I(ServerOnewaySemaphoreValue));
        yield return new("serverAsyncSemaphoreValue", I(ServerAsyncSemaphoreValue));
        yield return new("serverSocketSndBufSize", I(ServerSocketSndBufSize));
        yield return new("serverSocketRcvBufSize", I(ServerSocketRcvBufSize));
        yield return new("writeBufferHighWaterMark", I(WriteBufferHighWaterMark));
        yield return new("writeBufferLowWaterMark", I(WriteBufferLowWaterMark));
        yield return new("serverSocketBacklog", I(ServerSocketBacklog));
        yield return new("serverPooledByteBufAllocatorEnable", B(ServerPooledByteBufAllocatorEnable));
        yield return new("useEpollNativeSelector", B(UseEpollNativeSelector));
        yield return new("shutdownWaitTimeSeconds", I(ShutdownWaitTimeSeconds));
        yield return new("enableShutdownGracefully", B(EnableShutdownGracefully));
        yield return new("maxConnections", I(MaxConnections));
        yield return new("maxInFlightPerConnection", I(MaxInFlightPerConnection));
        yield return new("frameReadTimeoutSeconds", I(FrameReadTimeoutSeconds));
        yield return new("memoryTrimIntervalSeconds", I(MemoryTrimIntervalSeconds));
        yield return new("maxKvValueSize", I(MaxKvValueSize));
        yield return new("routeBodyCacheBytes", I(RouteBodyCacheBytes));
        yield return new("maxTopicsPerRegistration", I(MaxTopicsPerRegistration));
        yield return new("routeReadQueueCapacity", I(RouteReadQueueCapacity));
        yield return new("brokerControlQueueCapacity", I(BrokerControlQueueCapacity));
        yield return new("adminReadQueueCapacity", I(AdminReadQueueCapacity));
        yield return new("adminWriteQueueCapacity", I(AdminWriteQueueCapacity));
        yield return new("healthPort", I(HealthPort));
        yield return new("socketIoThreads", I(SocketIoThreads));
        yield return new("remotingTransport", RemotingTransport.ToString().ToLowerInvariant());
        yield return new("serverNettyWorkerGroupEnable", B(ServerNettyWorkerGroupEnable));
    }
}

/// <summary>What serves the remoting port (<c>remotingTransport</c>).</summary>
public enum RemotingTransport
{
    /// <summary>
    /// Our own accept and receive loops on <see cref="System.Net.Sockets.Socket"/>: frames are cut out of the bytes
    /// received and answered into a send buffer of the connection's own, sent once per receive from the same thread.
    /// TLS connections are handed to Kestrel's socket connections and served as with <see cref="Kestrel"/>.
    /// </summary>
    Sockets,

    /// <summary>Kestrel's socket transport and its pipes, for every connection.</summary>
    Kestrel,
}
