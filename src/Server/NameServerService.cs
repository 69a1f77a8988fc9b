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
using NameServer.Actors.Server.Remote;
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
    private readonly NameServerSettings _settings;
    private readonly ILoggerFactory _loggerFactory;
    private readonly TimeProvider _time;
    private readonly bool _persist;
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

    /// <param name="settings">Everything it runs with (<see cref="NameServerSettings.Create"/>, or <see cref="NameServerSettings.Default"/> with changes).</param>
    /// <param name="time">The clock of connections and requests (idle and frame timeouts, request latency, uptime); the actors run on Akka's scheduler.</param>
    /// <param name="persist">Write KV and configuration changes to their files; false keeps them in memory (tests).</param>
    /// <param name="meterFactory">Creates the <see cref="NameServerMetrics.MeterName"/> meter (a host's DI container has one); a plain meter otherwise.</param>
    public NameServerService(
        NameServerSettings settings,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? time = null,
        bool persist = true,
        IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _meterFactory = meterFactory;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _time = time ?? TimeProvider.System;
        _persist = persist;
        _log = _loggerFactory.CreateLogger("NameServer");
    }

    /// <summary>What it runs with.</summary>
    public NameServerSettings Settings => _settings;

    public ServerLifecycle Lifecycle { get; } = new();

    /// <summary>The routing layer, once started.</summary>
    public RoutingCore Core => _core ?? throw new InvalidOperationException("The NameServer has not been started.");

    private RoutingCore? _core;

    /// <summary>The actor system, once started (and until it has terminated after a failed start or a stop).</summary>
    public ActorSystem ActorSystem => _system ?? throw new InvalidOperationException("The NameServer has not been started.");

    /// <summary>The instruments of this NameServer, once started.</summary>
    public NameServerMetrics Metrics => _metrics ?? throw new InvalidOperationException("The NameServer has not been started.");

    /// <summary>Peer comparison, when peers are configured and the NameServer started.</summary>
    public PeerRouteWatcher? Peers => _peers;

    /// <summary>The HTTP address actually bound (useful with an HTTP port of 0).</summary>
    public IPEndPoint HttpEndPoint => _httpListen?.IPEndPoint ?? throw new InvalidOperationException("The HTTP listener is not running.");

    /// <summary>The address actually bound (useful with <see cref="ServerSettings.ListenPort"/> 0).</summary>
    public IPEndPoint EndPoint => _listen?.IPEndPoint ?? throw new InvalidOperationException("The NameServer is not listening.");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var (namesrv, server, http) = (_settings.Namesrv, _settings.Server, _settings.Http);
        // Whatever can refuse to start does so before anything runs: the settings were checked when they were created;
        // a corrupt KV file stops start-up here instead of being overwritten later; a certificate is loaded now.
        var kv = _persist ? KvConfigFile.Load(namesrv.KvConfigPath) : new KvConfigState();
        if (_settings.Tls.MissingCertificate() is { } tlsProblem)
        {
            // Only hand-made settings get here: Create refuses them.
            throw new SettingsException("tlsServerMode", tlsProblem);
        }
        var tlsDetection = new TlsDetection(_settings.Tls, server.FirstByteTimeout, _loggerFactory.CreateLogger("NameServer.Tls"), _time);
        var authorizer = new AdminAuthorizer(_settings.Security);
        if (namesrv.EnableControllerInNamesrv)
        {
            _log.LogWarning("enableControllerInNamesrv=true is not supported by this NameServer; the controller is not started");
        }
        try
        {
            await StartRunningAsync(kv, tlsDetection, authorizer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // Nothing of a failed start keeps running: no actor system, no bound port.
            await CleanUpAsync().ConfigureAwait(false);
            if (e is IOException { InnerException: Microsoft.AspNetCore.Connections.AddressInUseException })
            {
                throw new IOException(
                    $"{e.Message} Every listener needs a free port: listenPort {server.ListenPort}, healthPort {server.HealthPort}, " +
                    $"httpPort {_settings.HttpPort} (httpEnabled=false turns the HTTP listener off).", e);
            }
            throw;
        }
        Lifecycle.MoveTo(ServerState.Ready);
        _peers?.Start();
        _log.LogInformation("NameServer listening on {EndPoint}", EndPoint);
        if (_httpListen is not null)
        {
            _log.LogInformation("Metrics, API and dashboard on http://{EndPoint}/", _httpListen.IPEndPoint);
        }
    }

    private async Task StartRunningAsync(KvConfigState kv, TlsDetection tlsDetection, AdminAuthorizer authorizer, CancellationToken cancellationToken)
    {
        var (server, http) = (_settings.Server, _settings.Http);
        _system = NameServerActorSystem.Create(_settings.Akka, _loggerFactory);
        var metrics = _metrics = new NameServerMetrics(_meterFactory);
        // Listening costs every measurement a little: only when /metrics can be scraped.
        _exporter = http.HttpEnabled ? new PrometheusExporter(metrics.Meter) : null;
        _core = await RoutingCore.StartAsync(_system, _settings.Namesrv, kv, _settings.ToConfigState(), _persist, metrics.Routing).ConfigureAwait(false);
        _system.ActorOf(MinBrokerIdNotifier.Props().WithCountingMailbox(_system, "min-broker-id-notifier"), "min-broker-id-notifier");
        await NameServerRemoting.StartGatewayAsync(_system, _core, authorizer, server).ConfigureAwait(false);
        var dispatcher = new RequestDispatcher(_core, server, Lifecycle, _time, _loggerFactory.CreateLogger<RequestDispatcher>(), metrics);
        var gate = new AdminGate(authorizer, _loggerFactory.CreateLogger("NameServer.Security"));
        var handler = _handler = new NameServerConnectionHandler(
            _core, dispatcher, server, Lifecycle, _time, _loggerFactory.CreateLogger<NameServerConnectionHandler>(), gate);
        metrics.Observe(_system, _core.Routes, () => handler.OpenConnections);
        if (http.HttpEnabled && http.PeerNamesrvAddrs.Count > 0)
        {
            _peers = new PeerRouteWatcher(http.PeerNamesrvAddrs, _core.Routes, http.PeerCheckInterval, _time, _loggerFactory.CreateLogger("NameServer.Peers"));
            metrics.ObservePeers(() => _peers.Statuses);
        }

        var kestrelOptions = new KestrelServerOptions
        {
            ApplicationServices = new ServiceCollection().AddSingleton(_loggerFactory).BuildServiceProvider(),
        };
        kestrelOptions.Listen(server.BindAddress, server.ListenPort, listen =>
        {
            _listen = listen;
            listen.Use(handler.Admit);
            // TLS or plaintext is decided from the first byte, on the one port, as the Java server does.
            listen.Use(tlsDetection.Wrap);
            // Terminal middleware: the connection never reaches Kestrel's HTTP handling.
            listen.Use(_ => handler.OnConnectedAsync);
        });
        if (server.HealthPort > 0)
        {
            // Plain HTTP for orchestrators: /live while the process runs, /ready only in the Ready state.
            kestrelOptions.Listen(server.BindAddress, server.HealthPort);
        }
        if (http.HttpEnabled)
        {
            kestrelOptions.Listen(http.HttpBindAddress, _settings.HttpPort, listen => _httpListen = listen);
        }
        var transport = new SocketTransportFactory(
            Options.Create(new SocketTransportOptions
            {
                Backlog = server.ServerSocketBacklog,
                // Our connection code never blocks, so it may run on the socket threads: no hand-off per read, which
                // halves the tail latency of many small requests on a small machine.
                UnsafePreferInlineScheduling = true,
            }), _loggerFactory);
        _kestrel = new KestrelServer(Options.Create(kestrelOptions), transport, _loggerFactory);
        var httpApi = new HttpApi(
            Lifecycle, _core, metrics, _exporter, http, _peers, _time, () => EndPoint.ToString(), server.HealthPort, authorizer);
        await _kestrel.StartAsync(httpApi, cancellationToken).ConfigureAwait(false);
    }

    // After a failed start: stop and release whatever had started, in the reverse order.
    private async Task CleanUpAsync()
    {
        if (_kestrel is not null)
        {
            try
            {
                await _kestrel.StopAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or ObjectDisposedException)
            {
                _log.LogDebug(e, "Stopping the listeners of a failed start");
            }
            _kestrel.Dispose();
            _kestrel = null;
        }
        if (_peers is not null)
        {
            await _peers.DisposeAsync().ConfigureAwait(false);
            _peers = null;
        }
        if (_system is not null)
        {
            await _system.Terminate().ConfigureAwait(false);
        }
        _exporter?.Dispose();
        _metrics?.Dispose();
        _listen = null;
        _httpListen = null;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_kestrel is null || Lifecycle.State is ServerState.Stopped)
        {
            return;
        }
        Lifecycle.MoveTo(ServerState.Draining);
        var drained = await Lifecycle.WaitForDrainAsync(TimeSpan.FromSeconds(_settings.Server.ShutdownWaitTimeSeconds), TimeProvider.System, cancellationToken)
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
