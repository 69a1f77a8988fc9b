using System.Net;
using Akka;
using Akka.Actor;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NameServer.Actors.Routing;
using NameServer.Actors.Routing.Config;
using NameServer.Actors.Server.Observability;
using NameServer.Actors.Server.Security;
using NameServer.Actors.Server.Transport;
using OpenTelemetry.Metrics;

namespace NameServer.Actors.Server;

/// <summary>
/// The listeners of one NameServer over its running actors (<see cref="RoutingCore"/>): the RocketMQ remoting port, the
/// health port and the HTTP port of metrics, API and dashboard, on one Kestrel instance of their own (the host needs no
/// web stack). <see cref="NameServerService"/> runs them over the actors of its own system; an Akka.Hosting platform
/// runs them as a hosted service over the actors <c>WithNameServer</c> started in its system.
/// </summary>
public sealed class NameServerListeners : IAsyncDisposable
{
    private readonly NameServerSettings _settings;
    private readonly NameServerMetrics _metrics;
    private readonly ILoggerFactory _loggerFactory;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly TlsDetection _tlsDetection;
    private readonly AdminAuthorizer _authorizer;
    private readonly PeerDigestReader? _peerReader;
    private readonly Lock _stopLock = new();
    private Task? _stopped;
    private RoutingCore? _core;
    private KestrelServer? _kestrel;
    private bool _bound;
    private ListenOptions? _listen;
    private ListenOptions? _httpListen;
    private MeterProvider? _meterProvider;
    private PeerRouteWatcher? _peers;
    private NameServerConnectionHandler? _handler;
    private SocketTransport? _sockets;
    private ServiceProvider? _services;

    /// <summary>Checks what can refuse to serve (a TLS certificate that cannot be loaded) before anything starts.</summary>
    /// <param name="metrics">The NameServer's instruments, shared with its actors (<see cref="NameServerActors.StartAsync"/>).</param>
    /// <param name="time">The clock of connections and requests (idle and frame timeouts, request latency, uptime).</param>
    /// <param name="lifecycle">The state requests are answered in; a new one unless the caller keeps its own.</param>
    /// <param name="peerReader">Reads the configured peers' routes (<c>peerNamesrvAddrs</c>); without one they are not compared.</param>
    /// <exception cref="SettingsException">Settings made by hand that cannot serve (<see cref="NameServerSettings.Create"/> refuses them).</exception>
    public NameServerListeners(
        NameServerSettings settings,
        NameServerMetrics metrics,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? time = null,
        ServerLifecycle? lifecycle = null,
        PeerDigestReader? peerReader = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(metrics);
        _settings = settings;
        _peerReader = peerReader;
        _metrics = metrics;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _time = time ?? TimeProvider.System;
        _log = _loggerFactory.CreateLogger("NameServer");
        Lifecycle = lifecycle ?? new ServerLifecycle();
        if (settings.Tls.MissingCertificate() is { } tlsProblem)
        {
            throw new SettingsException("tlsServerMode", tlsProblem);
        }
        _tlsDetection = new TlsDetection(settings.Tls, settings.Server.FirstByteTimeout, _loggerFactory.CreateLogger("NameServer.Tls"), _time);
        _authorizer = new AdminAuthorizer(settings.Security);
    }

    /// <summary>What they run with.</summary>
    public NameServerSettings Settings => _settings;

    public ServerLifecycle Lifecycle { get; }

    /// <summary>The routing layer they serve, once started.</summary>
    public RoutingCore Core => _core ?? throw new InvalidOperationException("The NameServer's listeners have not been started.");

    /// <summary>Peer comparison, when peers are configured and the listeners started.</summary>
    public PeerRouteWatcher? Peers => _peers;

    /// <summary>Tests: the per-frame handling of the remoting port, once started.</summary>
    internal Transport.RemotingFrames? Frames => _handler?.Frames;

    internal Transport.LargeFrameTurns? LargeFrames => _sockets?.LargeFrames;

    /// <summary>The remoting address actually bound (useful with <see cref="ServerSettings.ListenPort"/> 0).</summary>
    public IPEndPoint EndPoint => _sockets?.EndPoint ?? _listen?.IPEndPoint ?? throw new InvalidOperationException("The NameServer is not listening.");

    /// <summary>The HTTP address actually bound (useful with an HTTP port of 0).</summary>
    public IPEndPoint HttpEndPoint => _httpListen?.IPEndPoint ?? throw new InvalidOperationException("The HTTP listener is not running.");

    /// <summary>
    /// Binds every listener over <paramref name="core"/>, running on <paramref name="system"/>, and moves to
    /// <see cref="ServerState.Ready"/>. They also stop, as <see cref="StopAsync"/> does, in the <c>service-unbind</c>
    /// phase of the system's coordinated shutdown: whoever shuts the system down, requests in flight end before the
    /// actors that answer them. A failed start releases every port it bound.
    /// </summary>
    /// <exception cref="IOException">A port is taken; the message names every configured port.</exception>
    public async Task StartAsync(ActorSystem system, RoutingCore core, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(core);
        if (_core is not null)
        {
            throw new InvalidOperationException("The NameServer's listeners have already been started.");
        }
        _core = core;
        try
        {
            await BindAsync(system, core, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            await CleanUpAsync().ConfigureAwait(false);
            if (e is IOException { InnerException: Microsoft.AspNetCore.Connections.AddressInUseException })
            {
                var server = _settings.Server;
                throw new IOException(
                    $"{e.Message} Every listener needs a free port: listenPort {server.ListenPort}, healthPort {server.HealthPort}, " +
                    $"httpPort {_settings.HttpPort} (httpEnabled=false turns the HTTP listener off).", e);
            }
            throw;
        }
        CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseServiceUnbind, "nameserver-listeners", async () =>
        {
            await StopAsync(CancellationToken.None).ConfigureAwait(false);
            return Done.Instance;
        });
        Lifecycle.MoveTo(ServerState.Ready);
        _peers?.Start();
        _log.LogInformation("NameServer listening on {EndPoint}", EndPoint);
        if (_httpListen is not null)
        {
            _log.LogInformation("Metrics, API and dashboard on http://{EndPoint}/", _httpListen.IPEndPoint);
        }
    }

    private async Task BindAsync(ActorSystem system, RoutingCore core, CancellationToken cancellationToken)
    {
        var (server, http) = (_settings.Server, _settings.Http);
        // Listening costs every measurement a little: only when /metrics can be scraped or an OTLP endpoint is set.
        _meterProvider = NameServerMeterProvider.Build(_metrics, http.HttpEnabled, _settings.Otlp);
        var handler = _handler = ServeRemoting(system, core);
        if (server.RemotingTransport == RemotingTransport.Sockets)
        {
            _sockets = new SocketTransport(server, handler, _tlsDetection, _time, _loggerFactory);
            _sockets.Start();
        }
        WatchPeers(core);
        // Kestrel's and routing's services; the logger factory is the caller's, so it is not disposed with them.
        var services = _services = new ServiceCollection()
            .AddSingleton(_loggerFactory)
            .AddLogging()
            // Asked for by routing's middleware, as a web host registers it.
            .AddSingleton(new System.Diagnostics.DiagnosticListener("Microsoft.AspNetCore"))
            .AddRoutingCore()
            .BuildServiceProvider();
        _bound = true;
        if (server.RemotingTransport == RemotingTransport.Sockets && server.HealthPort == 0 && !http.HttpEnabled)
        {
            // Nothing for Kestrel to serve; started without endpoints it would bind its own default address.
            return;
        }
        _kestrel = CreateKestrel(handler, services);
        var httpApi = new HttpApi(
            Lifecycle, core, _metrics, _meterProvider, http, _peers, _time, () => EndPoint.ToString(), server.HealthPort, _authorizer);
        await _kestrel.StartAsync(new PipelineApplication(httpApi.Build(services), services), cancellationToken).ConfigureAwait(false);
    }

    // The RocketMQ remoting side: dispatcher, authorization and the connection handler, counted on the metrics.
    private NameServerConnectionHandler ServeRemoting(ActorSystem system, RoutingCore core)
    {
        var server = _settings.Server;
        var dispatcher = new RequestDispatcher(core, server, Lifecycle, _time, _loggerFactory.CreateLogger<RequestDispatcher>(), _metrics);
        var gate = new AdminGate(_authorizer, _loggerFactory.CreateLogger("NameServer.Security"));
        var handler = new NameServerConnectionHandler(
            core, dispatcher, server, Lifecycle, _time, _loggerFactory.CreateLogger<NameServerConnectionHandler>(), gate);
        _metrics.Observe(system, core.Routes, () => handler.OpenConnections);
        return handler;
    }

    // The comparison with the configured peers, when there are peers, an HTTP listener to show it, and a reader.
    private void WatchPeers(RoutingCore core)
    {
        var http = _settings.Http;
        if (!http.HttpEnabled || http.PeerNamesrvAddrs.Count == 0)
        {
            return;
        }
        var log = _loggerFactory.CreateLogger("NameServer.Peers");
        if (_peerReader is null)
        {
            log.LogWarning("peerNamesrvAddrs is set, but this host plugged in no PeerDigestReader: the peers are not compared");
            return;
        }
        var peers = _peers = new PeerRouteWatcher(http.PeerNamesrvAddrs, _peerReader, core.Routes, http.PeerCheckInterval, _time, log);
        _metrics.ObservePeers(() => peers.Statuses);
    }

    // One Kestrel instance for the health and HTTP ports, and for the remoting port (TLS detected per connection)
    // unless our own transport serves it (SocketTransport).
    private KestrelServer CreateKestrel(NameServerConnectionHandler handler, IServiceProvider services)
    {
        var (server, http) = (_settings.Server, _settings.Http);
        var kestrelOptions = new KestrelServerOptions { ApplicationServices = services };
        if (server.RemotingTransport == RemotingTransport.Kestrel)
        {
            kestrelOptions.Listen(server.BindAddress, server.ListenPort, listen =>
            {
                _listen = listen;
                listen.Use(handler.Admit);
                // TLS or plaintext is decided from the first byte, on the one port, as the Java server does.
                listen.Use(_tlsDetection.Wrap);
                // Terminal middleware: the connection never reaches Kestrel's HTTP handling.
                listen.Use(_ => handler.OnConnectedAsync);
            });
        }
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
        return new KestrelServer(Options.Create(kestrelOptions), transport, _loggerFactory);
    }

    // After a failed start: stop and release whatever had started, in the reverse order.
    private async Task CleanUpAsync()
    {
        if (_sockets is not null)
        {
            await _sockets.DisposeAsync().ConfigureAwait(false);
            _sockets = null;
        }
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
        _meterProvider?.Dispose();
        _meterProvider = null;
        await DisposeServicesAsync().ConfigureAwait(false);
        _listen = null;
        _httpListen = null;
        _bound = false;
    }

    /// <summary>
    /// Drains and stops, once: new requests are answered "not ready", those in flight get up to
    /// <c>shutdownWaitTimeSeconds</c> to finish, then every connection is closed and the ports released. The actors keep
    /// running; their system is stopped by its owner afterwards. Later and concurrent calls wait for the first one.
    /// </summary>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        lock (_stopLock)
        {
            // Not started (or a failed start, which released everything): nothing to stop.
            return !_bound ? Task.CompletedTask : _stopped ??= StopOnceAsync(cancellationToken);
        }
    }

    private async Task StopOnceAsync(CancellationToken cancellationToken)
    {
        Lifecycle.MoveTo(ServerState.Draining);
        bool drained;
        try
        {
            drained = await Lifecycle.WaitForDrainAsync(TimeSpan.FromSeconds(_settings.Server.ShutdownWaitTimeSeconds), TimeProvider.System, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The host's shutdown timeout ran out first: stop waiting, but still close everything below.
            drained = false;
        }
        if (!drained)
        {
            _log.LogWarning("Stopping with {Count} requests still in flight", Lifecycle.InFlight);
        }
        // Kestrel waits for open connections to end; ours would stay open, so close them now that nothing is in flight.
        if (_sockets is not null)
        {
            await _sockets.StopAcceptingAsync().ConfigureAwait(false);
        }
        _handler?.AbortAll("name server shutting down");
        if (_sockets is not null)
        {
            await _sockets.DisposeAsync().ConfigureAwait(false);
        }
        if (_kestrel is not null)
        {
            await _kestrel.StopAsync(cancellationToken).ConfigureAwait(false);
        }
        if (_peers is not null)
        {
            await _peers.DisposeAsync().ConfigureAwait(false);
        }
        _meterProvider?.Dispose();
        await DisposeServicesAsync().ConfigureAwait(false);
        Lifecycle.MoveTo(ServerState.Stopped);
    }

    private async Task DisposeServicesAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync().ConfigureAwait(false);
            _services = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _kestrel?.Dispose();
    }
}
