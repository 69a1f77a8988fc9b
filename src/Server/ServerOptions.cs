using NameServer.Actors.Hocon;

namespace NameServer.Actors.Server;

/// <summary>
/// The listening side, named after the Java <c>NettyServerConfig</c> keys (<c>nameserver-behaviour.md</c> §10.2) and
/// bound from the same <c>nameserver</c> configuration section as the routing settings.
/// </summary>
public sealed class ServerOptions
{
    /// <summary>Address to listen on. Default 127.0.0.1 (the Java NameServer binds 0.0.0.0; set it explicitly to expose the port).</summary>
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>Port to listen on. Default 9876; 0 picks a free port (tests).</summary>
    public int ListenPort { get; set; } = 9876;

    /// <summary>A connection with no traffic for this many seconds is closed and treated as a close. Default 120.</summary>
    public int ServerChannelMaxIdleTimeSeconds { get; set; } = 120;

    /// <summary>The largest frame accepted, checked from the length prefix before anything is buffered. Default 16 MiB.</summary>
    public HoconSize FrameMaxLength { get; set; } = new(16 * 1024 * 1024);

    internal int FrameLimit => (int)Math.Clamp(FrameMaxLength.Bytes, 16, int.MaxValue);

    /// <summary>How long a request may wait for the routing actors before it is answered <c>SYSTEM_ERROR</c>. Default 5 s.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a graceful shutdown waits for requests in flight. Default 30 s (Java's <c>shutdownWaitTimeSeconds</c>).</summary>
    public int ShutdownWaitTimeSeconds { get; set; } = 30;

    /// <summary>Connections beyond this many are closed at once (0 = no limit). Default 10000.</summary>
    public int MaxConnections { get; set; } = 10_000;

    /// <summary>Requests of one connection waiting for an answer at once; more are answered <c>SYSTEM_BUSY</c> (0 = no limit). Default 1024.</summary>
    public int MaxInFlightPerConnection { get; set; } = 1024;

    /// <summary>A frame whose bytes started arriving must be complete within this many seconds, or the connection is closed (slow senders). Default 30.</summary>
    public int FrameReadTimeoutSeconds { get; set; } = 30;

    /// <summary>Largest KV value accepted by <c>PUT_KV_CONFIG</c>, in UTF-8 bytes. Default 64 KiB.</summary>
    public HoconSize MaxKvValueSize { get; set; } = new(64 * 1024);

    /// <summary>Most topics one <c>REGISTER_BROKER</c> may carry; more is refused with <c>SYSTEM_ERROR</c>. Default 100000.</summary>
    public int MaxTopicsPerRegistration { get; set; } = 100_000;

    /// <summary>Route reads (105, 106) waiting server-wide beyond the hot path; more are answered <c>SYSTEM_BUSY</c>. Default 50000.</summary>
    public int RouteReadQueueCapacity { get; set; } = 50_000;

    /// <summary>Broker traffic (103, 104, 217, 322, 901, 904) waiting server-wide; more are answered <c>SYSTEM_BUSY</c>. Default 10000.</summary>
    public int BrokerControlQueueCapacity { get; set; } = 10_000;

    /// <summary>Admin reads (KV and topic lists, configuration) waiting server-wide; more are answered <c>SYSTEM_BUSY</c>. Default 1000.</summary>
    public int AdminReadQueueCapacity { get; set; } = 1_000;

    /// <summary>Admin writes (KV put/delete, permissions, topic deletion, configuration update) waiting server-wide. Default 100; 0 refuses them all.</summary>
    public int AdminWriteQueueCapacity { get; set; } = 100;

    /// <summary>Port of the HTTP health endpoint (<c>/live</c>, <c>/ready</c>) on <see cref="BindAddress"/> (0 = off). Default 0.</summary>
    public int HealthPort { get; set; }

    /// <summary>
    /// Socket threads of the <c>namesrv</c> process, which then run every connection's code themselves instead of
    /// handing each read to the thread pool: 0 (the default) = one per two cores, at least one; -1 = the .NET defaults
    /// (thread-pool completions). Applied at process start through <c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS</c>
    /// and <c>DOTNET_SYSTEM_NET_SOCKETS_THREAD_COUNT</c> unless those are already set; an embedding host keeps its
    /// own socket settings.
    /// </summary>
    public int SocketIoThreads { get; set; }

    /// <summary>Header codec of commands the server originates. Answers always mirror the request's codec.</summary>
    public string SerializeType { get; set; } = "JSON";

    /// <summary>Wait for requests in flight on shutdown (always done here; reported for compatibility).</summary>
    public bool EnableShutdownGracefully { get; set; }

    public bool ServerNettyWorkerGroupEnable { get; set; } = true;

    /// <summary>Compatibility keys, reported by <c>GET_NAMESRV_CONFIG</c>; they change nothing here.</summary>
    public int ServerWorkerThreads { get; set; } = 8;

    public int ServerCallbackExecutorThreads { get; set; }

    public int ServerSelectorThreads { get; set; } = 3;

    public int ServerOnewaySemaphoreValue { get; set; } = 256;

    public int ServerAsyncSemaphoreValue { get; set; } = 64;

    public int ServerSocketSndBufSize { get; set; }

    public int ServerSocketRcvBufSize { get; set; }

    public int WriteBufferHighWaterMark { get; set; }

    public int WriteBufferLowWaterMark { get; set; }

    public int ServerSocketBacklog { get; set; } = 1024;

    public bool ServerPooledByteBufAllocatorEnable { get; set; } = true;

    public bool UseEpollNativeSelector { get; set; }

    /// <summary>The keys above in the Java form, for <c>GET_NAMESRV_CONFIG</c>.</summary>
    public IEnumerable<KeyValuePair<string, string>> ToProperties()
    {
        static string I(int v) => v.ToString(System.Globalization.CultureInfo.InvariantCulture);
        static string B(bool v) => v ? "true" : "false";
        yield return new("bindAddress", BindAddress);
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
        yield return new("maxKvValueSize", MaxKvValueSize.Bytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        yield return new("maxTopicsPerRegistration", I(MaxTopicsPerRegistration));
        yield return new("routeReadQueueCapacity", I(RouteReadQueueCapacity));
        yield return new("brokerControlQueueCapacity", I(BrokerControlQueueCapacity));
        yield return new("adminReadQueueCapacity", I(AdminReadQueueCapacity));
        yield return new("adminWriteQueueCapacity", I(AdminWriteQueueCapacity));
        yield return new("healthPort", I(HealthPort));
        yield return new("socketIoThreads", I(SocketIoThreads));
        yield return new("serverNettyWorkerGroupEnable", B(ServerNettyWorkerGroupEnable));
    }
}
