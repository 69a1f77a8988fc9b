namespace NameServer.Actors.Host.Tests;

public sealed class SocketThreadsTests
{
    private readonly Dictionary<string, string> _environment = [];

    private string Apply(int socketIoThreads, int processors) =>
        SocketThreads.Apply(socketIoThreads, processors, k => _environment.GetValueOrDefault(k), (k, v) => _environment[k] = v);

    [Theory]
    [InlineData(1, "1")]
    [InlineData(2, "1")]
    [InlineData(8, "4")]
    public void SocketThreads_uses_one_thread_per_two_cores_when_automatic(int processors, string expected)
    {
        Apply(0, processors);

        Assert.Equal("1", _environment[SocketThreads.InlineCompletions]);
        Assert.Equal(expected, _environment[SocketThreads.ThreadCount]);
    }

    [Fact]
    public void SocketThreads_uses_the_given_count_when_set()
    {
        var said = Apply(3, 2);

        Assert.Equal("3", _environment[SocketThreads.ThreadCount]);
        Assert.Contains("3", said, StringComparison.Ordinal);
    }

    [Fact]
    public void SocketThreads_leaves_the_defaults_when_minus_one()
    {
        Apply(-1, 8);

        Assert.Empty(_environment);
    }

    [Fact]
    public void SocketThreads_keeps_the_operator_environment_when_a_variable_is_already_set()
    {
        _environment[SocketThreads.ThreadCount] = "6";

        var said = Apply(0, 8);

        Assert.Equal("6", _environment[SocketThreads.ThreadCount]);
        Assert.False(_environment.ContainsKey(SocketThreads.InlineCompletions));
        Assert.Contains("environment", said, StringComparison.Ordinal);
    }
}
