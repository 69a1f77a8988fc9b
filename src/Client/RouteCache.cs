using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using NameServer.Actors.Protocol;
using NameServer.Actors.Protocol.Model;

namespace NameServer.Actors.Client;

/// <summary>
/// Keeps the routes of subscribed topics fresh, like a Java client's <c>updateTopicRouteInfoFromNameServer</c> loop:
/// every <see cref="RouteCacheOptions.RefreshPeriod"/> each topic is looked up again through the client (sticky server,
/// fail-over). <see cref="RouteChanged"/> fires once per actual change of content (reordered lists are no change);
/// a topic the server no longer knows (code 17) changes to null. Any other failure keeps the last route and raises
/// <see cref="RefreshFailed"/>; the next period tries again. The client is not owned: dispose it after the cache.
/// </summary>
public sealed class RouteCache : IAsyncDisposable
{
    private readonly NameServerClient _client;
    private readonly RouteCacheOptions _options;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _refreshGate = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly ITimer _timer;
    private readonly object _tasksLock = new();
    private readonly List<Task> _running = [];
    private int _ticking;
    private int _disposed;

    public RouteCache(NameServerClient client, RouteCacheOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _options = options ?? new RouteCacheOptions();
        if (_options.RefreshPeriod <= TimeSpan.Zero)
        {
            throw new ArgumentException("RefreshPeriod must be positive.", nameof(options));
        }
        var clock = _options.TimeProvider ?? client.Options.TimeProvider;
        _timer = clock.CreateTimer(_ => OnTick(), null, _options.RefreshPeriod, _options.RefreshPeriod);
    }

    /// <summary>Raised after a refresh, once per topic whose route content changed (never while a lock is held).</summary>
    public event EventHandler<RouteChangedEventArgs>? RouteChanged;

    /// <summary>Raised when a lookup failed (the last route is kept) or a <see cref="RouteChanged"/> handler threw.</summary>
    public event EventHandler<RouteRefreshFailedEventArgs>? RefreshFailed;

    public TimeSpan RefreshPeriod => _options.RefreshPeriod;

    /// <summary>The subscribed topics, sorted.</summary>
    public IReadOnlyList<string> Topics => _entries.Keys.Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// Adds <paramref name="topic"/> and starts its first lookup in the background (its outcome arrives through the
    /// events). Subscribing twice is harmless.
    /// </summary>
    public void Subscribe(string topic)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var first = SubscribeAsync(topic, _stop.Token);
        if (!first.IsCompleted)
        {
            Track(first);
        }
    }

    /// <summary>Adds <paramref name="topic"/> and completes after its first lookup (already subscribed: at once).</summary>
    public Task SubscribeAsync(string topic, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return _entries.TryAdd(topic, new Entry(null))
            ? RefreshTopicsAsync([topic], cancellationToken)
            : Task.CompletedTask;
    }

    /// <summary>Stops refreshing <paramref name="topic"/> and forgets its route; false when it was not subscribed.</summary>
    public bool Unsubscribe(string topic)
    {
        ArgumentNullException.ThrowIfNull(topic);
        return _entries.TryRemove(topic, out _);
    }

    /// <summary>The last route seen for a subscribed topic; false when unsubscribed, not fetched yet or not existing.</summary>
    public bool TryGet(string topic, [NotNullWhen(true)] out TopicRouteData? route)
    {
        ArgumentNullException.ThrowIfNull(topic);
        route = _entries.TryGetValue(topic, out var entry) ? entry.Route : null;
        return route is not null;
    }

    /// <summary>Looks every subscribed topic up now (what each period does). Failures go to the events, not thrown.</summary>
    public Task RefreshAsync(CancellationToken cancellationToken = default) =>
        RefreshTopicsAsync(_entries.Keys.ToList(), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        await _timer.DisposeAsync().ConfigureAwait(false);
        await _stop.CancelAsync().ConfigureAwait(false);
        Task[] running;
        lock (_tasksLock)
        {
            running = [.. _running];
        }
        try
        {
            await Task.WhenAll(running).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping cancels the lookups in flight.
        }
        // _stop is not disposed: a late Subscribe may still read its token (it holds no timer, so nothing leaks).
    }

    /// <summary>Completes when the lookups started so far (timer ticks, background subscriptions) have finished.</summary>
    internal Task IdleAsync()
    {
        lock (_tasksLock)
        {
            return Task.WhenAll(_running);
        }
    }

    private void OnTick()
    {
        if (Volatile.Read(ref _disposed) != 0 || Interlocked.CompareExchange(ref _ticking, 1, 0) != 0)
        {
            // A refresh still waiting on a slow server: skip this period rather than pile up lookups.
            return;
        }
        Track(TickAsync());
    }

    private async Task TickAsync()
    {
        try
        {
            await RefreshAsync(_stop.Token).ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref _ticking, 0);
        }
    }

    private void Track(Task task)
    {
        lock (_tasksLock)
        {
            _running.RemoveAll(t => t.IsCompleted);
            _running.Add(task);
        }
    }

    private async Task RefreshTopicsAsync(IReadOnlyList<string> topics, CancellationToken cancellationToken)
    {
        var changes = new List<RouteChangedEventArgs>();
        var failures = new List<RouteRefreshFailedEventArgs>();
        await _refreshGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var topic in topics)
            {
                if (!_entries.TryGetValue(topic, out var entry))
                {
                    continue;
                }
                var (ok, route, error) = await LookUpAsync(topic, cancellationToken).ConfigureAwait(false);
                if (!ok)
                {
                    failures.Add(new RouteRefreshFailedEventArgs(topic, error!));
                    continue;
                }
                // Only the refresher replaces entries, so a failed swap means the topic was unsubscribed meanwhile.
                if (!RouteCacheComparer.RoutesEqual(entry.Route, route)
                    && _entries.TryUpdate(topic, new Entry(route), entry))
                {
                    changes.Add(new RouteChangedEventArgs(topic, entry.Route, route));
                }
            }
        }
        finally
        {
            _refreshGate.Release();
        }
        foreach (var failure in failures)
        {
            RefreshFailed?.Invoke(this, failure);
        }
        foreach (var change in changes)
        {
            try
            {
                RouteChanged?.Invoke(this, change);
            }
            catch (Exception e)
            {
                // A faulty subscriber must not stop the cache.
                RefreshFailed?.Invoke(this, new RouteRefreshFailedEventArgs(change.Topic, e));
            }
        }
    }

    private async Task<(bool Ok, TopicRouteData? Route, Exception? Error)> LookUpAsync(
        string topic,
        CancellationToken cancellationToken)
    {
        // With a single server the retry would only wait on the same server again.
        var attempts = _options.RetryOnConnectionFailure && _client.Addresses.Count > 1 ? 2 : 1;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var route = await _client.GetRouteInfoByTopicAsync(topic, cancellationToken: cancellationToken)
                    .ConfigureAwait(false);
                return (true, route, null);
            }
            catch (NameServerException e) when (e.Code == ResponseCode.TopicNotExist)
            {
                return (true, null, null);
            }
            catch (Exception e) when (e is RemotingConnectException or RemotingTimeoutException && attempt < attempts)
            {
                // The client has dropped that server; the retry goes to the next one.
            }
            catch (Exception e) when (e is RemotingException or ProtocolException or ObjectDisposedException)
            {
                return (false, null, e);
            }
        }
    }

    /// <summary>A subscribed topic's last route (null: none yet, or the topic does not exist).</summary>
    private sealed record Entry(TopicRouteData? Route);
}
