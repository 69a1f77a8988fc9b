namespace NameServer.Actors.Protocol.Model;

/// <summary>One entry of a broker's <c>topicConfigTable</c> as sent in a registration body.</summary>
public sealed record TopicConfig(
    string TopicName,
    int ReadQueueNums,
    int WriteQueueNums,
    int Perm,
    string TopicFilterType = TopicConfig.SingleTag,
    int TopicSysFlag = 0,
    bool Order = false,
    IReadOnlyDictionary<string, string>? Attributes = null)
{
    public const string SingleTag = "SINGLE_TAG";
    public const string MultiTag = "MULTI_TAG";

    public bool Equals(TopicConfig? other) =>
        other is not null
        && TopicName == other.TopicName
        && ReadQueueNums == other.ReadQueueNums
        && WriteQueueNums == other.WriteQueueNums
        && Perm == other.Perm
        && TopicFilterType == other.TopicFilterType
        && TopicSysFlag == other.TopicSysFlag
        && Order == other.Order
        && DictionaryEquality.Equal(Attributes, other.Attributes);

    public override int GetHashCode() => HashCode.Combine(TopicName, ReadQueueNums, WriteQueueNums, Perm, TopicSysFlag);
}
