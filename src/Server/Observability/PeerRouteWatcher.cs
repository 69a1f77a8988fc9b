using Microsoft.Extensions.Logging;
using NameServer.Actors.Protocol.Model;
using NameServer.Actors.Routing;

namespace NameServer.Actors.Server.Observability;

/// <summary>What one peer NameServer looked like at its last check.</summary>
/// <param name="Status"><c>pending</c> (not checked yet), <c>same</c>, <c>differs</c> or <c>unreachable</c>.</param>
/// <param name="DifferingTopics">At most <see cref="PeerRouteWatcher.MaxListedTopics"/> names, sorted.</param>
public sealed record PeerStatus(
    string Address,
    string Status,
    string? TableDigest,
    int DifferingTopicCount,
    IReadOnlyList<string> DifferingTopics,
    DateTimeOffset? CheckedAt,
    string? Error);

/// <summary>
/// Reads one peer NameServer's routes as digests (topic → <see cref="RouteDigest.Of"/>), over the remoting protocol so
/// that a Java peer works too. Server has no remoting client of its own: the host plugs one in (<c>namesrv</c>: the
/// Client library's <c>RouteComparison.FetchDigestsAsync</c>); without one, configured peers are not compared. A peer
/// that cannot be read (unreachable, timed out, refused) throws, and is reported unreachable with the message.
/// </summary>
public delegate Task<IReadOnlyDictionary<string, string>> PeerDigestReader(string address, CancellationToken cancellationToken);

/// <summary>
/// Compares our routes with each configured peer NameServer every interval, read by a <see cref="PeerDigestReader"/>:
/// NameServers never talk to each other, and when a broker reaches only some of them their routes
/// drift apart unnoticed. Differences are confirmed by a second look after <see cref="RecheckDelay"/>, so a
/// registration that reached one NameServer a moment before the other is not reported. The results feed the dashboard, <c>/api/overview</c> and the <c>namesrv.peers</c> gauges.
/// </summary>
public sealed class PeerRouteWatcher : IAsyncDisposable
{
    public const int MaxListedTopics = 100;

    private readonly IReadOnlyList<string> _peers;
    private readonly RouteSnapshots _routes;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly PeerDigestReader _read;
    private readonly CancellationTokenSource _stop = new();
    // One check at a time, so a check that started later always publishes later.
    private readonly SemaphoreSlim _checking = new(1, 1);
    private PeerStatus[] _statuses;
    private Task? _loop;

    public PeerRouteWatcher(IReadOnlyList<string> peers, PeerDigestReader read, RouteSnapshots routes, TimeSpan interval, TimeProvider time, ILogger log)
    {
        ArgumentNullException.ThrowIfNull(read);
        _peers = peers;
        _read = read;
        _routes = routes;
        _interval = interval > TimeSpan.Zero ? interval : throw new ArgumentOutOfRangeException(nameof(interval), interval, "The peer check interval must be positive.");
        _time = time;
        _log = log;
        _statuses = peers.Select(p => new PeerStatus(p, "pending", null, 0, [], null, null)).ToArray();
    }

    /// <summary>The latest status of every peer, in configuration order.</summary>
    public IReadOnlyList<PeerStatus> Statuses => Volatile.Read(ref _statuses);

    public void Start() => _loop ??= RunAsync(_stop.Token);

    /// <summary>Checks every peer once now (also what each tick does).</summary>
    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        await _checking.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var statuses = await Task.WhenAll(_peers.Select(peer => CheckPeerAsync(peer, cancellationToken))).ConfigureAwait(false);
            Volatile.Write(ref _statuses, statuses);
        }
        finally
        {
            _checking.Release();
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_interval, _time);
        try
        {
            do
            {
                await CheckAsync(cancellationToken).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    /// <summary>How long a check waits before confirming differences: a tenth of the interval, at most 2 s.</summary>
    public TimeSpan RecheckDelay => _interval / 10 < MaxRecheckDelay ? _interval / 10 : MaxRecheckDelay;

    private static readonly TimeSpan MaxRecheckDelay = TimeSpan.FromSeconds(2);

    private Dictionary<string, string> OurDigests()
    {
        var ours = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var topic in _routes.Topics)
        {
            if (_routes.TryGet(topic, out var snapshot))
            {
                ours[topic] = snapshot.Digest;
            }
        }
        return ours;
    }

    private async Task<PeerStatus> CheckPeerAsync(string peer, CancellationToken cancellationToken)
    {
        try
        {
            var theirs = await _read(peer, cancellationToken).ConfigureAwait(false);
            var differing = RouteDigest.DifferingTopics(OurDigests(), theirs);
            if (differing.Count > 0)
            {
                // A broker registers with every NameServer at about the same moment, not the same instant: look again
                // shortly, and report only the topics that still differ, so a registration in flight is no alarm.
                await Task.Delay(RecheckDelay, _time, cancellationToken).ConfigureAwait(false);
                theirs = await _read(peer, cancellationToken).ConfigureAwait(false);
                var before = differing.ToHashSet(StringComparer.Ordinal);
                differing = RouteDigest.DifferingTopics(OurDigests(), theirs).Where(before.Contains).ToList();
            }
            if (differing.Count > 0)
            {
                _log.LogWarning("Routes differ from peer NameServer {Peer} for {Count} topics, e.g. {Topic}", peer, differing.Count, differing[0]);
            }
            return new PeerStatus(
                peer, differing.Count == 0 ? "same" : "differs", RouteDigest.OfTable(theirs), differing.Count,
                differing.Take(MaxListedTopics).ToArray(), _time.GetUtcNow(), null);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _log.LogInformation("Peer NameServer {Peer} could not be compared: {Error}", peer, e.Message);
            return new PeerStatus(peer, "unreachable", null, 0, [], _time.GetUtcNow(), e.Message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }
        _stop.Dispose();
        _checking.Dispose();
    }
}
