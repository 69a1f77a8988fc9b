namespace NameServer.Actors.Protocol.Model;

/// <summary>The topic table a broker registers (<c>TopicConfigSerializeWrapper</c>).</summary>
public sealed record TopicConfigSerializeWrapper(
    DataVersion DataVersion,
    IReadOnlyDictionary<string, TopicConfig> TopicConfigTable,
    IReadOnlyDictionary<string, TopicQueueMappingInfo>? TopicQueueMappingInfoMap = null)
{
    public static readonly TopicConfigSerializeWrapper Empty =
        new(DataVersion.Zero, new Dictionary<string, TopicConfig>());
}

/// <summary>Body of <c>REGISTER_BROKER</c> (JSON or compressed form).</summary>
public sealed record RegisterBrokerBody(TopicConfigSerializeWrapper TopicConfigSerializeWrapper, IReadOnlyList<string> FilterServerList)
{
    public static readonly RegisterBrokerBody Empty = new(TopicConfigSerializeWrapper.Empty, Array.Empty<string>());
}
