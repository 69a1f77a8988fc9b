using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace NameServer.Actors.Protocol.Model;

/// <summary>
/// Stable digests of routes, to tell whether independent NameServers hold the same routing table. A topic's digest
/// depends only on what a client sees in its route, never on the order in which brokers registered: the broker and
/// queue lists are sorted by broker name, addresses by broker id and maps by key before hashing. Computed the same way
/// from our own snapshots and from any NameServer's wire answers (the Java one included).
/// </summary>
public static class RouteDigest
{
    /// <summary>Characters of a digest: 16 lowercase hex digits (the first 64 bits of a SHA-256).</summary>
    public const int Length = 16;

    private const char Field = '\u001f';
    private const char Record = '\u001e';

    /// <summary>The digest of one topic's route.</summary>
    public static string Of(TopicRouteData route)
    {
        ArgumentNullException.ThrowIfNull(route);
        var text = new StringBuilder(256);
        text.Append("q:");
        foreach (var queue in route.QueueDatas
            .OrderBy(q => q.BrokerName, StringComparer.Ordinal)
            .ThenBy(q => q.ReadQueueNums).ThenBy(q => q.WriteQueueNums).ThenBy(q => q.Perm).ThenBy(q => q.TopicSysFlag))
        {
            Append(text, queue.BrokerName, queue.ReadQueueNums, queue.WriteQueueNums, queue.Perm, queue.TopicSysFlag);
        }
        text.Append("b:");
        foreach (var broker in route.BrokerDatas.OrderBy(b => b.BrokerName, StringComparer.Ordinal).ThenBy(b => b.Cluster, StringComparer.Ordinal))
        {
            Append(text, broker.Cluster, broker.BrokerName, broker.EnableActingMaster ? 1 : 0, broker.ZoneName ?? "");
            foreach (var (id, address) in broker.BrokerAddrs.OrderBy(a => a.Key))
            {
                text.Append(id.ToString(CultureInfo.InvariantCulture)).Append('=').Append(address).Append(Field);
            }
            text.Append(Record);
        }
        text.Append("f:");
        foreach (var (address, servers) in route.FilterServerTable.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            text.Append(address).Append(Field).AppendJoin(',', servers.Order(StringComparer.Ordinal)).Append(Record);
        }
        text.Append("o:").Append(route.OrderTopicConf ?? "").Append(Record);
        text.Append("m:");
        foreach (var (broker, mapping) in (route.TopicQueueMappingByBroker ?? new Dictionary<string, TopicQueueMappingInfo>())
            .OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            Append(text, broker, mapping.Topic ?? "", mapping.Bname ?? "", mapping.TotalQueues, mapping.Epoch, mapping.Dirty ? 1 : 0, mapping.Scope ?? "");
            foreach (var (logical, physical) in (mapping.CurrIdMap ?? new Dictionary<int, int>()).OrderBy(m => m.Key))
            {
                text.Append(logical.ToString(CultureInfo.InvariantCulture)).Append('=')
                    .Append(physical.ToString(CultureInfo.InvariantCulture)).Append(Field);
            }
            text.Append(Record);
        }
        return Hash(text.ToString());
    }

    /// <summary>The digest of a whole table from its topics' digests (any order; topic names compared ordinally).</summary>
    public static string OfTable(IEnumerable<KeyValuePair<string, string>> topicDigests)
    {
        ArgumentNullException.ThrowIfNull(topicDigests);
        var text = new StringBuilder();
        foreach (var (topic, digest) in topicDigests.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            text.Append(topic).Append(Field).Append(digest).Append(Record);
        }
        return Hash(text.ToString());
    }

    /// <summary>
    /// Topics whose digest differs between two tables (topic → <see cref="Of"/>) or that only one of them has, sorted
    /// ordinally.
    /// </summary>
    public static IReadOnlyList<string> DifferingTopics(IReadOnlyDictionary<string, string> left, IReadOnlyDictionary<string, string> right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        var differing = left
            .Where(l => !right.TryGetValue(l.Key, out var digest) || !string.Equals(l.Value, digest, StringComparison.Ordinal))
            .Select(l => l.Key)
            .Concat(right.Keys.Where(topic => !left.ContainsKey(topic)))
            .ToList();
        differing.Sort(StringComparer.Ordinal);
        return differing;
    }

    /// <summary>
    /// A digest's first 48 bits as a number, exact in a double, so metrics systems can compare NameServers
    /// (<c>count(count_values("d", ...)) &gt; 1</c> means they differ) without a label per digest.
    /// </summary>
    public static double ToMetricValue(string digest)
    {
        ArgumentNullException.ThrowIfNull(digest);
        return digest.Length >= 12 && long.TryParse(digest.AsSpan(0, 12), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"'{digest}' is not a route digest.");
    }

    private static void Append(StringBuilder text, string first, params ReadOnlySpan<object> rest)
    {
        text.Append(first).Append(Field);
        foreach (var value in rest)
        {
            text.Append(Convert.ToString(value, CultureInfo.InvariantCulture)).Append(Field);
        }
        text.Append(Record);
    }

    private static string Hash(string text)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        return Convert.ToHexStringLower(hash[..(Length / 2)]);
    }
}
