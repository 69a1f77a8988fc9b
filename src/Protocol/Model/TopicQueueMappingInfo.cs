namespace NameServer.Actors.Protocol.Model;

/// <summary>5.x static-topic mapping of one broker for one topic. The NameServer stores and returns it, never interprets it.</summary>
public sealed record TopicQueueMappingInfo(
    string? Topic,
    string? Bname,
    int TotalQueues,
    long Epoch,
    bool Dirty,
    string? Scope = TopicQueueMappingInfo.GlobalScope,
    IReadOnlyDictionary<int, int>? CurrIdMap = null)
{
    public const string GlobalScope = "__global__";

    public bool Equals(TopicQueueMappingInfo? other) =>
        other is not null
        && Topic == other.Topic && Bname == other.Bname && TotalQueues == other.TotalQueues
        && Epoch == other.Epoch && Dirty == other.Dirty && Scope == other.Scope
        && DictionaryEquality.Equal(CurrIdMap, other.CurrIdMap);

    public override int GetHashCode() => HashCode.Combine(Topic, Bname, Epoch);
}
