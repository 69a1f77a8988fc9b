namespace NameServer.Actors.Protocol.Model;

/// <summary>One broker group's queues of one topic, as held in <c>topicQueueTable</c> and returned in routes.</summary>
public sealed record QueueData(string BrokerName, int ReadQueueNums, int WriteQueueNums, int Perm, int TopicSysFlag);
