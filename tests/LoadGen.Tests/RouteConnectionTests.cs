namespace NameServer.Actors.LoadGen.Tests;

/// <summary>Tests that count process-wide allocations, so nothing else may run beside them.</summary>
[CollectionDefinition(nameof(SerialCollection), DisableParallelization = true)]
public sealed class SerialCollection
{
}

[Collection(nameof(SerialCollection))]
public class RouteConnectionTests
{
    [Fact]
    public async Task Connection_allocates_almost_nothing_per_answer_when_running_steadily()
    {
        await using var responder = TrivialResponder.Start();
        var settings = new LoadSettings
        {
            Connections = 2,
            Depth = 32,
            Topics = 10,
            Warmup = TimeSpan.FromMilliseconds(300),
            Duration = TimeSpan.FromMilliseconds(700),
        };
        long inWindow = 0;

        async Task Measure(long windowStart, long end)
        {
            await Task.Delay(System.Diagnostics.Stopwatch.GetElapsedTime(System.Diagnostics.Stopwatch.GetTimestamp(), windowStart));
            var before = GC.GetTotalAllocatedBytes(precise: true);
            await Task.Delay(System.Diagnostics.Stopwatch.GetElapsedTime(System.Diagnostics.Stopwatch.GetTimestamp(), end));
            inWindow = GC.GetTotalAllocatedBytes(precise: true) - before;
        }

        var result = await LoadRunner.RunRouteAsync("responder", responder.EndPoint, settings, Measure, CancellationToken.None);

        // Client and responder together, in the measured window. What remains (measured: about 40 bytes per socket
        // read or send, i.e. 2-3 bytes per answer at depth 32) comes once per I/O cycle, not once per request: a
        // single allocated object per request would already be 24 bytes or more.
        var perAnswer = (double)inWindow / Math.Max(1, result.Answers);
        Assert.True(result.Answers > 1000, $"only {result.Answers} answers");
        Assert.True(perAnswer < 8, $"{inWindow} bytes for {result.Answers} answers");
    }
}
