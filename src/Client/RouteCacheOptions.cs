using NameServer.Actors.Protocol.Model;

namespace NameServer.Actors.Client;

/// <summary>Settings of a <see cref="RouteCache"/>.</summary>
public sealed record RouteCacheOptions
{
    /// <summary>How often every subscribed topic is fetched again (Java <c>pollNameServerInterval</c>, 30 s).</summary>
    public TimeSpan RefreshPeriod { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Drives the refresh timer; null = the client's <see cref="NameServerClientOptions.TimeProvider"/>.</summary>
    public TimeProvider? TimeProvider { get; init; }

    /// <summary>
    /// A route lookup that fails on the connection (refused, timed out) is sent once more, to the server the client
    /// fails over to: lookups are read-only, so repeating one is safe. Never with a single server (it would only wait
    /// on the same server again).
    /// </summary>
    public bool RetryOnConnectionFailure { get; init; } = true;
}

/// <summary>A subscribed topic's route changed; <see cref="NewRoute"/> is null when the topic stopped existing.</summary>
public sealed class RouteChangedEventArgs(string topic, TopicRouteData? oldRoute, TopicRouteData? newRoute) : EventArgs
{
    public string Topic { get; } = topic;

    /// <summary>The previous route, null when the topic had none (first lookup, or it reappeared).</summary>
    public TopicRouteData? OldRoute { get; } = oldRoute;

    public TopicRouteData? NewRoute { get; } = newRoute;
}

/// <summary>A lookup of <see cref="Topic"/> failed; the cache kept the last route it had.</summary>
public sealed class RouteRefreshFailedEventArgs(string topic, Exception error) : EventArgs
{
    public string Topic { get; } = topic;

    public Exception Error { get; } = error;
}
