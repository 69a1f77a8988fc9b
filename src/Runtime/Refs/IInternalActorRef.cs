namespace NameServer.Actors.Runtime;

/// <summary>A ref that can also receive runtime-internal system messages (watch, stop, failure...).</summary>
internal interface IInternalActorRef : IActorRef
{
    ActorSystem System { get; }

    void SendSystemMessage(SystemMessage message);
}
