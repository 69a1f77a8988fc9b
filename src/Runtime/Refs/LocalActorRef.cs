namespace NameServer.Actors.Runtime;

/// <summary>The ref of an actor living in an <see cref="ActorCell"/>; equality is by identity.</summary>
internal sealed class LocalActorRef : IInternalActorRef
{
    private readonly ActorCell _cell;

    internal LocalActorRef(ActorCell cell, ActorPath path)
    {
        _cell = cell;
        Path = path;
    }

    public ActorPath Path { get; }

    public string Name => Path.Name;

    internal ActorCell Cell => _cell;

    public ActorSystem System => _cell.System;

    public void Tell(object message, IActorRef? sender = null) => _cell.Post(message, sender ?? ActorCell.CurrentSelf);

    public bool TryTell(object message, IActorRef? sender = null) => _cell.Post(message, sender ?? ActorCell.CurrentSelf);

    public void SendSystemMessage(SystemMessage message) => _cell.PostSystem(message);

    public override string ToString() => $"{Path}#{_cell.Uid}";
}
