using Xunit.Abstractions;

namespace NameServer.Actors.Routing.TestKit.Tests;

public sealed class ChurnSimulationTests(ITestOutputHelper output)
{
    private static readonly ChurnOptions Small = new()
    {
        Clusters = 2,
        BrokerGroupsPerCluster = 4,
        SlavesPerGroup = 1,
        Topics = 60,
        VirtualDuration = TimeSpan.FromMinutes(30),
        CrashesPerStep = 0.1,
        SilencesPerStep = 0.05,
        ReconnectsPerStep = 0.1,
        UnregistersPerStep = 0.05,
        TopicAddsPerStep = 0.3,
        TopicRemovesPerStep = 0.2,
        FullCheckEverySteps = 20,
    };

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Simulation_passes_when_small_and_seeded(int seed)
    {
        var result = new ChurnSimulation(Small with { Seed = seed }).Run();

        output.WriteLine(result.ToString());
        Assert.True(result.Steps > 0);
        foreach (var kind in Enum.GetValues<ChurnEventKind>())
        {
            Assert.True(result.Counts[kind] > 0, $"no {kind} event in seed {seed}: {result}");
        }
    }
}
