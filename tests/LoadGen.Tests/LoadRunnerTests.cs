namespace NameServer.Actors.LoadGen.Tests;

public class LoadRunnerTests
{
    [Theory]
    [InlineData(Protocol.Frames.SerializeType.Json, 2, 1)]
    [InlineData(Protocol.Frames.SerializeType.RocketMq, 2, 8)]
    public async Task Route_load_gets_answers_without_errors_when_the_target_is_the_trivial_responder(Protocol.Frames.SerializeType type, int connections, int depth)
    {
        await using var responder = TrivialResponder.Start();
        var settings = new LoadSettings
        {
            Connections = connections,
            Depth = depth,
            Topics = 5,
            Distribution = DistributionKind.Zipf,
            // A longer window than strictly needed: the test host (not the loadgen executable) now and then pauses
            // for up to a second on this busy machine, and a short window can fall entirely inside such a pause.
            Warmup = TimeSpan.FromMilliseconds(300),
            Duration = TimeSpan.FromMilliseconds(1200),
            SerializeType = type,
        };

        var result = await LoadRunner.RunRouteAsync("responder", responder.EndPoint, settings, null, CancellationToken.None);

        Assert.True(result.RequestsPerSecond > 0);
        Assert.Equal(result.Answers, result.Ok);
        Assert.Empty(result.ErrorsByCode);
        Assert.Empty(result.ConnectionFailures);
        Assert.True(result.Latency.P50Us <= result.Latency.P99Us && result.Latency.P99Us <= result.Latency.MaxUs);
    }

    [Fact]
    public async Task Route_load_reports_a_connection_failure_when_nothing_listens()
    {
        int port;
        await using (var responder = TrivialResponder.Start())
        {
            port = responder.EndPoint.Port;
        }
        var settings = new LoadSettings
        {
            Connections = 1,
            Warmup = TimeSpan.Zero,
            Duration = TimeSpan.FromMilliseconds(100),
            Drain = TimeSpan.FromMilliseconds(100),
        };

        var result = await LoadRunner.RunRouteAsync("closed", new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, port), settings, null, CancellationToken.None);

        Assert.Equal(0, result.Answers);
        Assert.Single(result.ConnectionFailures);
    }
}
