namespace NameServer.Actors.Server;

/// <summary>Where the server is in its life; each state answers requests differently.</summary>
public enum ServerState
{
    /// <summary>Listening but the routing layer is not up yet: every request is answered "not ready".</summary>
    Starting,

    /// <summary>Serving.</summary>
    Ready,

    /// <summary>Shutting down: requests in flight finish, new ones are answered <c>SYSTEM_ERROR</c> "not ready".</summary>
    Draining,

    /// <summary>Stopped: connections are closed.</summary>
    Stopped,
}

/// <summary>The server's state plus the count of requests in flight, shared by every connection.</summary>
public sealed class ServerLifecycle
{
    private int _state = (int)ServerState.Starting;
    private int _inFlight;

    public ServerState State => (ServerState)Volatile.Read(ref _state);

    public bool IsReady => State == ServerState.Ready;

    /// <summary>Requests accepted and not yet answered.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    public event Action<ServerState>? Changed;

    public void MoveTo(ServerState state)
    {
        Volatile.Write(ref _state, (int)state);
        Changed?.Invoke(state);
    }

    internal void Enter() => Interlocked.Increment(ref _inFlight);

    internal void Exit() => Interlocked.Decrement(ref _inFlight);

    /// <summary>Waits until no request is in flight, or the deadline passes; true when drained.</summary>
    public async Task<bool> WaitForDrainAsync(TimeSpan deadline, TimeProvider time, CancellationToken cancellationToken = default)
    {
        var start = time.GetTimestamp();
        while (InFlight > 0)
        {
            if (time.GetElapsedTime(start) >= deadline)
            {
                return false;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(10), cancellationToken).ConfigureAwait(false);
        }
        return true;
    }
}
