namespace NameServer.Actors.Runtime;

/// <summary>Resumes the awaits of an actor's async handler as that actor, on the thread pool.</summary>
internal sealed class ActorSynchronizationContext(ActorCell cell) : SynchronizationContext
{
    public override void Post(SendOrPostCallback d, object? state) =>
        ThreadPool.UnsafeQueueUserWorkItem(static s => s.Cell.RunContinuationFromContext(s.Callback, s.State), (Cell: cell, Callback: d, State: state), preferLocal: false);

    public override void Send(SendOrPostCallback d, object? state) => cell.RunContinuationFromContext(d, state);

    public override SynchronizationContext CreateCopy() => this;
}
