using NameServer.Actors.Routing.State;

namespace NameServer.Actors.Routing.Tests.State;

/// <summary><see cref="SystemTopics"/>: Java's <c>TopicValidator.isSystemTopic</c> plus the topics a broker creates for itself.</summary>
public class SystemTopicsTests
{
    [Theory]
    [InlineData("TBW102")]
    [InlineData("SCHEDULE_TOPIC_XXXX")]
    [InlineData("BenchmarkTest")]
    [InlineData("RMQ_SYS_TRANS_HALF_TOPIC")]
    [InlineData("RMQ_SYS_TRACE_TOPIC")]
    [InlineData("RMQ_SYS_TRANS_OP_HALF_TOPIC")]
    [InlineData("TRANS_CHECK_MAX_TIME_TOPIC")]
    [InlineData("SELF_TEST_TOPIC")]
    [InlineData("OFFSET_MOVED_EVENT")]
    [InlineData("CHECKPOINT_TOPIC")]
    [InlineData("rmq_sys_SYNC_BROKER_MEMBER_broker-b")]
    [InlineData("rmq_sys_REVIVE_LOG_DefaultCluster")]
    [InlineData("rmq_sys_wheel_timer")]
    public void IsSystemTopic_is_true_when_java_topic_validator_calls_the_topic_a_system_topic(string topic) =>
        Assert.True(SystemTopics.IsSystemTopic(topic));

    [Theory]
    [InlineData("TopicTest")]
    [InlineData("tbw102")]
    [InlineData("RMQ_SYS_")]
    [InlineData("%RETRY%group")]
    [InlineData("DefaultCluster")]
    public void IsSystemTopic_is_false_when_the_topic_is_a_user_topic(string topic) =>
        Assert.False(SystemTopics.IsSystemTopic(topic));

    [Theory]
    [InlineData("DefaultCluster", true)]
    [InlineData("broker-b", true)]
    [InlineData("DefaultCluster_REPLY_TOPIC", true)]
    [InlineData("OtherCluster_REPLY_TOPIC", false)]
    [InlineData("DefaultCluster_REPLY", false)]
    [InlineData("broker-a", false)]
    public void IsSystemTopic_counts_the_topics_a_broker_creates_for_itself_when_cluster_and_broker_are_given(string topic, bool expected) =>
        Assert.Equal(expected, SystemTopics.IsSystemTopic(topic, "DefaultCluster", "broker-b"));
}
