namespace NameServer.Actors.Runtime;

/// <summary>A queued message with its sender; a struct so that enqueuing allocates nothing extra.</summary>
public readonly record struct Envelope(object Message, IActorRef? Sender);
