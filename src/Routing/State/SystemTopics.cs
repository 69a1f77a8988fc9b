using System.Collections.Frozen;

namespace NameServer.Actors.Routing.State;

/// <summary>
/// RocketMQ's own topics, which say nothing about a broker's write permission: Java's
/// <c>TopicValidator.isSystemTopic</c> (its fixed set, 4.9.8 and 5.3.3, plus every <c>rmq_sys_</c> topic such as
/// <c>rmq_sys_SYNC_BROKER_MEMBER_&lt;broker&gt;</c>, which a 5.x broker registers with perm 1) and the topics a broker
/// creates for itself and adds to its own system set (<c>TopicConfigManager</c>): its cluster name, its broker name and
/// <c>&lt;cluster&gt;_REPLY_TOPIC</c>.
/// </summary>
public static class SystemTopics
{
    /// <summary><c>TopicValidator.SYSTEM_TOPIC_PREFIX</c>.</summary>
    public const string Prefix = "rmq_sys_";

    // MixAll.REPLY_TOPIC_POSTFIX with its separator.
    private const string ReplySuffix = "_REPLY_TOPIC";

    private static readonly FrozenSet<string> Names = FrozenSet.Create(
        StringComparer.Ordinal,
        "TBW102", "SCHEDULE_TOPIC_XXXX", "BenchmarkTest", "RMQ_SYS_TRANS_HALF_TOPIC", "RMQ_SYS_TRACE_TOPIC",
        "RMQ_SYS_TRANS_OP_HALF_TOPIC", "TRANS_CHECK_MAX_TIME_TOPIC", "SELF_TEST_TOPIC", "OFFSET_MOVED_EVENT",
        "CHECKPOINT_TOPIC");

    /// <summary><c>TopicValidator.isSystemTopic</c>: one of the fixed names or a <c>rmq_sys_</c> topic.</summary>
    public static bool IsSystemTopic(string topic) =>
        Names.Contains(topic) || topic.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>
    /// <see cref="IsSystemTopic(string)"/>, or one of the topics the broker <paramref name="brokerName"/> of
    /// <paramref name="clusterName"/> creates for itself.
    /// </summary>
    public static bool IsSystemTopic(string topic, string clusterName, string brokerName) =>
        IsSystemTopic(topic)
        || topic == clusterName
        || topic == brokerName
        || (topic.Length == clusterName.Length + ReplySuffix.Length
            && topic.StartsWith(clusterName, StringComparison.Ordinal)
            && topic.EndsWith(ReplySuffix, StringComparison.Ordinal));
}
