using System.Diagnostics.Metrics;
using System.Net;
using Akka.Actor;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NameServer.Actors.Routing;
using NameServer.Actors.Routing.Config;
using NameServer.Actors.Routing.Kv;
using NameServer.Actors.Routing.Observability;
using NameServer.Actors.Server.Observability;
using NameServer.Actors.Server.Security;

namespace NameServer.Actors.Server;

/// <summary>
/// A whole NameServer as a hosted service: its Akka actor system (<see cref="NameServerActorSystem"/>), the routing
/// actors under <c>/user/nameserver</c> (<see cref="RoutingCore"/>) and a Kestrel listener whose connections speak the
/// RocketMQ remoting protocol. Works in any <c>Microsoft.Extensions.Hosting</c> host (it runs its own Kestrel
/// instance, so the host needs no web stack) and standalone through <see cref="StartAsync"/>.
/// </summary>
public sealed class NameServerService : IHostedService, IAsyncDisposable
{
    private readonly NamesrvOptions _namesrv;
    private readonly ServerOptions _server;
    private readonly ILoggerFactory _loggerFactory;
    private readonly TimeProvider _time;
    private readonly bool _persist;
    private readonly IReadOnlyDictionary<string, string> _extraConfig;
    private readonly SecurityOptions _security;
    private readonly TlsOptions _tls;
    private readonly HttpApiOptions? _http;
    private readonly IMeterFactory? _meterFactory;
    private readonly ILogger _log;
    private ListenOptions? _httpListen;
    private PrometheusExporter? _exporter;
    private PeerRouteWatcher? _peers;
    private NameServerMetrics? _metrics;
    private ActorSystem? _system;
    private KestrelServer? _kestrel;
    private ListenOptions? _listen;
    private NameServerConnectionHandler? _handler;

    /// <param name="time">The clock of connections and requests (idle and frame timeouts, request latency, uptime); the actors run on Akka's scheduler.</param>
    /// <param name="persist">Write KV and configuration changes to their files; false keeps them in memory (tests).</param>
    /// <param name="extraConfig">Keys of the startup configuration file that no options class knows (reported by <c>GET_NAMESRV_CONFIG</c>, as Java does).</param>
    /// <param name="http">The HTTP listener of metrics, API and dashboard; null (the default when embedding) starts none.</param>
    /// <param name="meterFactory">Creates the <see cref="NameServerMetrics.MeterName"/> meter (a host's DI container has one); a plain meter otherwise.</param>
    public NameServerService(
        NamesrvOptions namesrv,
        ServerOptions server,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? time = null,
        bool persist = true,
        IReadOnlyDictionary<string, string>? extraConfig = null,
        SecurityOptions? security = null,
        TlsOptions? tls = null,
        HttpApiOptions? http = null,
        IMeterFactory? meterFactory = null)
    {
        _http = http;
        _meterFactory = meterFactory;
        _namesrv = namesrv;
        _server = server;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _time = time ?? TimeProvider.System;
        _persist = persist;
        // Credentials from a startup file must never be reported by GET_NAMESRV_CONFIG.
        _extraConfig = (extraConfig ?? new Dictionary<string, string>())
            .Where(e => !SecurityOptions.IsSecretKey(e.Key))
            .ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        _security = security ?? new SecurityOptions();
        _tls = tls ?? new TlsOptions { FirstByteTimeout = TimeSpan.FromSeconds(Math.Max(1, server.ServerChannelMaxIdleTimeSeconds)) };
        _log = _loggerFactory.CreateLogger("NameServer");
    }

    public ServerLifecycle Lifecycle { get; } = new();

    /// <summary>The routing layer, once started.</summary>
    public RoutingCore Core => _core ?? throw new InvalidOperationException("The NameServer has not been started.");

    private RoutingCore? _core;

    /// <summary>The instruments of this NameServer, once started.</summary>
    public NameServerMetrics Metrics => _metrics ?? throw new InvalidOperationException("The NameServer has not been started.");

    /// <summary>Peer comparison, when peers are configured and the NameServer started.</summary>
    public PeerRouteWatcher? Peers => _peers;

    /// <summary>The HTTP address actually bound (useful with <see cref="HttpApiOptions.HttpPort"/> 0).</summary>
    public IPEndPoint HttpEndPoint => _httpListen?.IPEndPoint ?? throw new InvalidOperationException("The HTTP listener is not running.");

    /// <summary>The address actually bound (useful with <see cref="ServerOptions.ListenPort"/> 0).</summary>
    public IPEndPoint EndPoint => _listen?.IPEndPoint ?? throw new InvalidOperationException("The NameServer is not listening.");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Load the KV file first: a corrupt file stops start-up here instead of being overwritten later.
        var kv = _persist ? KvConfigFile.Load(_namesrv.KvConfigPath) : new KvConfigState();
        if (_namesrv.EnableControllerInNamesrv)
        {
            _log.LogWarning("enableControllerInNamesrv=true is not supported by this NameServer; the controller is not started");
        }
        _system = NameServerActorSystem.Create(_loggerFactory);
        var configValues = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in _extraConfig)
        {
            configValues[key] = value;
        }
        var listenerKeys = _server.ToProperties().Concat(_http?.ToProperties() ?? []).ToList();
        foreach (var (key, value) in _namesrv.ToProperties().Concat(listenerKeys))
        {
            configValues[key] = value;
        }
        var schema = new Dictionary<string, ConfigValueKind>(NamesrvOptions.Schema, StringComparer.Ordinal);
        foreach (var (key, value) in listenerKeys)
        {
            // Server keys take effect at the next start, as in Java; the update only checks their type.
            schema[key] = bool.TryParse(value, out _) ? ConfigValueKind.Boolean : int.TryParse(value, out _) ? ConfigValueKind.Integer : ConfigValueKind.String;
        }
        var metrics = _metrics = new NameServerMetrics(_meterFactory);
        // Listening costs every measurement a little: only when /metrics can be scraped.
        _exporter = _http is { HttpEnabled: true } ? new PrometheusExporter(metrics.Meter) : null;
        _core = await RoutingCore.StartAsync(_system, _namesrv, kv, configValues, _persist, schema, metrics.Routing).ConfigureAwait(false);
        _system.ActorOf(MinBrokerIdNotifier.Props().WithCountingMailbox(_system, "min-broker-id-notifier"), "min-broker-id-notifier");
        var dispatcher = new RequestDispatcher(_core, _server, Lifecycle, _time, _loggerFactory.CreateLogger<RequestDispatcher>(), metrics);
        var authorizer = new AdminAuthorizer(_security);
        var gate = new AdminGate(authorizer, _loggerFactory.CreateLogger("NameServer.Security"));
        var handler = _handler = new NameServerConnectionHandler(
            _core, dispatcher, _server, Lifecycle, _time, _loggerFactory.CreateLogger<NameServerConnectionHandler>(), gate);
        metrics.Observe(_system, _core.Routes, () => handler.OpenConnections);
        if (_http is { HttpEnabled: true } && _http.Peers.Count > 0)
        {
            _peers = new PeerRouteWatcher(_http.Peers, _core.Routes, _http.PeerCheckInterval, _time, _loggerFactory.CreateLogger("NameServer.Peers"));
            metrics.ObservePeers(() => _peers.Statuses);
        }
        var tlsDetection = new TlsDetection(_tls, _loggerFactory.CreateLogger("NameServer.Tls"), _time);

        var kestrelOptions = new KestrelServerOptions
        {
            ApplicationServices = new ServiceCollection().AddSingleton(_loggerFactory).BuildServiceProvider(),
        };
        kestrelOptions.Listen(IPAddress.Parse(_server.BindAddress), _server.ListenPort, listen =>
        {
            _listen = listen;
            listen.Use(handler.Admit);
            // TLS or plaintext is decided from the first byte, on the one port, as the Java server does.
            listen.Use(tlsDetection.Wrap);
            // Terminal middleware: the connection never reaches Kestrel's HTTP handling.
            listen.Use(_ => handler.OnConnectedAsync);
        });
        if (_server.HealthPort > 0)
        {
            // Plain HTTP for orchestrators: /live while the process runs, /ready only in the Ready state.
            kestrelOptions.Listen(IPAddress.Parse(_server.BindAddress), _server.HealthPort);
        }
        if (_http is { HttpEnabled: true })
        {
            kestrelOptions.Listen(IPAddress.Parse(_http.HttpBindAddress), _http.HttpPort, listen => _httpListen = listen);
        }
        var transport = new SocketTransportFactory(
            Options.Create(new SocketTransportOptions
            {
                Backlog = _server.ServerSocketBacklog,
                // Our connection code never blocks, so it may run on the socket threads: no hand-off per read, which
                // halves the tail latency of many small requests on a small machine.
                UnsafePreferInlineScheduling = true,
            }), _loggerFactory);
        _kestrel = new KestrelServer(Options.Create(kestrelOptions), transport, _loggerFactory);
        var httpApi = new HttpApi(
            Lifecycle, _core, metrics, _exporter, _http ?? new HttpApiOptions(), _peers, _time, () => EndPoint.ToString(), _server.HealthPort, authorizer);
        try
        {
            await _kestrel.StartAsync(httpApi, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
        {
            await _system.Terminate().ConfigureAwait(false);
            throw new IOException(
                $"{e.Message} Every listener needs a free port: listenPort {_server.ListenPort}, healthPort {_server.HealthPort}, " +
                $"httpPort {_http?.HttpPort} (httpEnabled=false turns the HTTP listener off).", e);
        }
        Lifecycle.MoveTo(ServerState.Ready);
        _peers?.Start();
        _log.LogInformation("NameServer listening on {EndPoint}", EndPoint);
        if (_httpListen is not null)
        {
            _log.LogInformation("Metrics, API and dashboard on http://{EndPoint}/", _httpListen.IPEndPoint);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_kestrel is null || Lifecycle.State is ServerState.Stopped)
        {
            return;
        }
        Lifecycle.MoveTo(ServerState.Draining);
        var drained = await Lifecycle.WaitForDrainAsync(TimeSpan.FromSeconds(_server.ShutdownWaitTimeSeconds), TimeProvider.System, cancellationToken)
            .ConfigureAwait(false);
        if (!drained)
        {
            _log.LogWarning("Stopping with {Count} requests still in flight", Lifecycle.InFlight);
        }
        // Kestrel waits for open connections to end; ours would stay open, so close them now that nothing is in flight.
        _handler?.AbortAll("name server shutting down");
        await _kestrel.StopAsync(cancellationToken).ConfigureAwait(false);
        if (_peers is not null)
        {
            await _peers.DisposeAsync().ConfigureAwait(false);
        }
        if (_system is not null)
        {
            await _system.Terminate().ConfigureAwait(false);
        }
        _exporter?.Dispose();
        _metrics?.Dispose();
        Lifecycle.MoveTo(ServerState.Stopped);
        _log.LogInformation("NameServer stopped");
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _kestrel?.Dispose();
    }
}
