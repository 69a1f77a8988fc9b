namespace NameServer.Actors.Host;

/// <summary>
/// Applies <c>socketIoThreads</c> to this process's sockets. .NET reads these two variables once, when the first
/// socket operation starts, so this runs before the server does. On the 2-core reference machine one socket thread
/// running the connection code itself answered 144,000–155,000 route queries/s at 16 connections × 1 in flight,
/// against 100,000–105,000/s with the thread-pool hand-off (bench/RESULTS.md).
/// </summary>
internal static class SocketThreads
{
    public const string InlineCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";
    public const string ThreadCount = "DOTNET_SYSTEM_NET_SOCKETS_THREAD_COUNT";

    /// <summary>What was decided, for the start-up log; the variables are set through <paramref name="setVariable"/>.</summary>
    public static string Apply(int socketIoThreads, int processorCount, Func<string, string?> getVariable, Action<string, string> setVariable)
    {
        if (socketIoThreads < 0)
        {
            return "socket threads: .NET defaults (socketIoThreads=-1)";
        }
        if (getVariable(InlineCompletions) is not null || getVariable(ThreadCount) is not null)
        {
            return $"socket threads: as set in the environment ({InlineCompletions}={getVariable(InlineCompletions)}, {ThreadCount}={getVariable(ThreadCount)})";
        }
        var threads = socketIoThreads > 0 ? socketIoThreads : Math.Max(1, processorCount / 2);
        setVariable(InlineCompletions, "1");
        setVariable(ThreadCount, threads.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return $"socket threads: {threads}, running connection code inline (socketIoThreads={socketIoThreads})";
    }
}
