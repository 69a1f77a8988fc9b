using System.Collections.Concurrent;
using NameServer.Actors.Protocol;
using NameServer.Actors.Protocol.Model;

namespace NameServer.Actors.Client;

/// <summary>
/// Compares the routing tables of independent NameServers. NameServers never talk to each other, so when a broker
/// reaches only some of them their routes drift apart unnoticed; this finds the topics where they do. It only uses
/// requests every NameServer answers (206 for the topic list, then 105 per topic), so it works against ours and
/// the Java one alike, and digests each route with <see cref="RouteDigest.Of"/> so registration order never counts.
/// </summary>
public static class RouteComparison
{
    /// <summary>Route queries in flight at once on one NameServer (one connection, answers matched by opaque).</summary>
    public const int MaxRoutesInFlight = 16;

    /// <summary>
    /// Every topic's digest on <paramref name="address"/> (topic → <see cref="RouteDigest.Of"/> of its route). A topic
    /// listed but gone by the time its route is asked (TOPIC_NOT_EXIST) is left out. <paramref name="options"/>
    /// supplies timeouts and protocol settings; its <c>Addresses</c> is ignored.
    /// </summary>
    /// <exception cref="RemotingException">The server is unreachable, timed out, refused the topic list or a route.</exception>
    public static async Task<IReadOnlyDictionary<string, string>> FetchDigestsAsync(
        string address,
        NameServerClientOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        NameServerAddresses.SplitHostPort(address);
        await using var client = new NameServerClient(ForOne(address, options));
        // Aimed at the address itself, so a failure names it rather than "no NameServer of the list".
        var target = RequestOptions.ForAddress(address);
        var topics = (await client.GetAllTopicListAsync(target, cancellationToken).ConfigureAwait(false)).Topics;
        var digests = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = MaxRoutesInFlight, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(topics.Distinct(StringComparer.Ordinal), parallel, async (topic, ct) =>
        {
            try
            {
                var route = await client.GetRouteInfoByTopicAsync(topic, options: target, cancellationToken: ct).ConfigureAwait(false);
                digests[topic] = RouteDigest.Of(route);
            }
            catch (NameServerException e) when (e.Code == ResponseCode.TopicNotExist)
            {
                // Deleted (or expired with its last broker) between the list and this query: absent here.
            }
        }).ConfigureAwait(false);
        return new Dictionary<string, string>(digests, StringComparer.Ordinal);
    }

    /// <summary>
    /// Fetches every address in parallel and compares what the reachable ones hold. A server that fails is reported
    /// with its error and left out of <see cref="RouteComparisonResult.Differences"/>; the others are still compared.
    /// </summary>
    /// <exception cref="ArgumentException">No address, a malformed one, or the same one twice.</exception>
    public static async Task<RouteComparisonResult> CompareAsync(
        IReadOnlyList<string> addresses,
        NameServerClientOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        if (addresses.Count == 0)
        {
            throw new ArgumentException("At least one NameServer address is needed.", nameof(addresses));
        }
        foreach (var address in addresses)
        {
            ArgumentNullException.ThrowIfNull(address, nameof(addresses));
            NameServerAddresses.SplitHostPort(address);
        }
        if (addresses.Distinct(StringComparer.Ordinal).Count() != addresses.Count)
        {
            throw new ArgumentException($"NameServer addresses must be distinct: {string.Join(';', addresses)}.", nameof(addresses));
        }
        var servers = await Task.WhenAll(addresses.Select(async address =>
        {
            try
            {
                var topics = await FetchDigestsAsync(address, options, cancellationToken).ConfigureAwait(false);
                return new NameServerDigests(address, RouteDigest.OfTable(topics), topics, null);
            }
            catch (Exception e) when (e is RemotingException or ProtocolException)
            {
                return new NameServerDigests(address, null, new Dictionary<string, string>(), e.Message) { Cause = e };
            }
        })).ConfigureAwait(false);
        return new RouteComparisonResult(servers, Differences(servers.Where(s => s.Error is null).ToList()));
    }

    private static List<TopicDifference> Differences(IReadOnlyList<NameServerDigests> reachable)
    {
        var differences = new List<TopicDifference>();
        foreach (var topic in reachable.SelectMany(s => s.Topics.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var byAddress = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var server in reachable)
            {
                byAddress[server.Address] = server.Topics.TryGetValue(topic, out var digest) ? digest : null;
            }
            if (byAddress.Values.Distinct(StringComparer.Ordinal).Skip(1).Any())
            {
                differences.Add(new TopicDifference(topic, byAddress));
            }
        }
        return differences;
    }

    private static NameServerClientOptions ForOne(string address, NameServerClientOptions? options) =>
        options is null
            ? new NameServerClientOptions { Addresses = address, RandomStart = false }
            : options with { Addresses = address, RandomStart = false };
}

/// <summary>
/// What one NameServer holds: its table digest (<see cref="RouteDigest.OfTable"/>) and each topic's digest, or why it
/// could not be read (<see cref="Error"/> set, <see cref="TableDigest"/> null, <see cref="Topics"/> empty).
/// </summary>
public sealed record NameServerDigests(string Address, string? TableDigest, IReadOnlyDictionary<string, string> Topics, string? Error)
{
    /// <summary>The failure behind <see cref="Error"/> (its type tells unreachable from refused), else null.</summary>
    public Exception? Cause { get; init; }

    public bool Reachable => Error is null;
}

/// <summary>A topic the reachable NameServers disagree on: its digest on each of them, null where it is absent.</summary>
public sealed record TopicDifference(string Topic, IReadOnlyDictionary<string, string?> DigestByAddress);

/// <summary>Outcome of <see cref="RouteComparison.CompareAsync"/>: every server in the order asked, and the topics that differ.</summary>
public sealed record RouteComparisonResult(IReadOnlyList<NameServerDigests> Servers, IReadOnlyList<TopicDifference> Differences)
{
    /// <summary>Every NameServer answered.</summary>
    public bool AllReachable => Servers.All(s => s.Error is null);

    /// <summary>Every NameServer answered and they all hold the same routes.</summary>
    public bool Same => AllReachable && Differences.Count == 0;

    /// <summary>Distinct topics over the reachable NameServers.</summary>
    public int TopicCount => Servers.Where(s => s.Error is null).SelectMany(s => s.Topics.Keys).Distinct(StringComparer.Ordinal).Count();
}
