using System.Diagnostics.Metrics;
using System.Net;
using Akka.Actor;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NameServer.Actors.Routing;
using NameServer.Actors.Server.Observability;

namespace NameServer.Actors.Server;

/// <summary>
/// A whole NameServer as a hosted service, on an Akka actor system of its own (<see cref="NameServerActorSystem"/>):
/// the actors started by <see cref="NameServerActors.StartAsync"/> and the <see cref="NameServerListeners"/> over them.
/// Works in any <c>Microsoft.Extensions.Hosting</c> host (it runs its own Kestrel instance, so the host needs no web
/// stack) and standalone through <see cref="StartAsync"/>. A platform with an actor system of its own (Akka.Hosting)
/// runs the same actors and listeners in it instead: <c>WithNameServer</c> and <c>AddNameServerListeners</c>.
/// </summary>
public sealed class NameServerService : IHostedService, IAsyncDisposable
{
    private readonly NameServerSettings _settings;
    private readonly ILoggerFactory _loggerFactory;
    private readonly TimeProvider _time;
    private readonly bool _persist;
    private readonly IMeterFactory? _meterFactory;
    private readonly PeerDigestReader? _peerReader;
    private readonly ILogger _log;
    private NameServerMetrics? _metrics;
    private ActorSystem? _system;
    private RoutingCore? _core;
    private NameServerListeners? _listeners;

    /// <param name="settings">Everything it runs with (<see cref="NameServerSettings.Create"/>, or <see cref="NameServerSettings.Default"/> with changes).</param>
    /// <param name="time">The clock of connections and requests (idle and frame timeouts, request latency, uptime); the actors run on Akka's scheduler.</param>
    /// <param name="persist">Write KV and configuration changes to their files; false keeps them in memory (tests).</param>
    /// <param name="meterFactory">Creates the <see cref="NameServerMetrics.MeterName"/> meter (a host's DI container has one); a plain meter otherwise.</param>
    /// <param name="peerReader">Reads the configured peers' routes (<c>peerNamesrvAddrs</c>); without one they are not compared.</param>
    public NameServerService(
        NameServerSettings settings,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? time = null,
        bool persist = true,
        IMeterFactory? meterFactory = null,
        PeerDigestReader? peerReader = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _meterFactory = meterFactory;
        _peerReader = peerReader;
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

    /// <summary>The actor system, once started (and until it has terminated after a failed start or a stop).</summary>
    public ActorSystem ActorSystem => _system ?? throw new InvalidOperationException("The NameServer has not been started.");

    /// <summary>The instruments of this NameServer, once started.</summary>
    public NameServerMetrics Metrics => _metrics ?? throw new InvalidOperationException("The NameServer has not been started.");

    /// <summary>Peer comparison, when peers are configured and the NameServer started.</summary>
    public PeerRouteWatcher? Peers => _listeners?.Peers;

    /// <summary>The HTTP address actually bound (useful with an HTTP port of 0).</summary>
    public IPEndPoint HttpEndPoint => _listeners?.HttpEndPoint ?? throw new InvalidOperationException("The HTTP listener is not running.");

    /// <summary>The address actually bound (useful with <see cref="ServerSettings.ListenPort"/> 0).</summary>
    /// <summary>Tests: the per-frame handling of the remoting port, once started.</summary>
    internal Transport.RemotingFrames Frames => _listeners?.Frames ?? throw new InvalidOperationException("The NameServer is not listening.");

    /// <summary>The plaintext transport's large-frame turns (<c>remotingTransport = sockets</c> only).</summary>
    internal Transport.LargeFrameTurns? LargeFrames => _listeners?.LargeFrames;

    public IPEndPoint EndPoint => _listeners?.EndPoint ?? throw new InvalidOperationException("The NameServer is not listening.");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var metrics = _metrics = new NameServerMetrics(_meterFactory);
        try
        {
            // Whatever can refuse to start does so before the actor system exists: the settings were checked when they
            // were created; the listeners load a TLS certificate now.
            _listeners = new NameServerListeners(_settings, metrics, _loggerFactory, _time, Lifecycle, _peerReader);
            _system = NameServerActorSystem.Create(_settings.Akka, _loggerFactory);
            _core = await NameServerActors.StartAsync(_system, _settings, metrics, _persist, _log).ConfigureAwait(false);
            await _listeners.StartAsync(_system, _core, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Nothing of a failed start keeps running: the listeners released their ports, the system terminates.
            if (_system is not null)
            {
                await _system.Terminate().ConfigureAwait(false);
            }
            _listeners = null;
            metrics.Dispose();
            throw;
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_listeners is null || Lifecycle.State is ServerState.Stopped)
        {
            return;
        }
        // Requests in flight end before the actors that answer them.
        await _listeners.StopAsync(cancellationToken).ConfigureAwait(false);
        if (_system is not null)
        {
            await _system.Terminate().ConfigureAwait(false);
        }
        _metrics?.Dispose();
        _log.LogInformation("NameServer stopped");
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        if (_listeners is not null)
        {
            await _listeners.DisposeAsync().ConfigureAwait(false);
        }
    }
}
