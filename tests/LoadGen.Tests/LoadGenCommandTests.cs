namespace NameServer.Actors.LoadGen.Tests;

public class LoadGenCommandTests
{
    [Theory]
    [InlineData("--connections 0", "--connections must be between 1 and 10000")]
    [InlineData("--depth 5000", "--depth must be between 1 and 4096")]
    [InlineData("--address nowhere", "--address: expected host:port")]
    [InlineData("--address 127.0.0.1:70000", "port must be a number between 1 and 65535")]
    [InlineData("--distribution zipf --skew 0", "--skew must be in (0, 10]")]
    [InlineData("--mode populate", "populate mode needs --populate-brokers")]
    [InlineData("--topic-list a,b/c", "'b/c' is not a valid topic name")]
    [InlineData("--pid -3", "--pid must be a positive process id")]
    [InlineData("--mode register --brokers 10000 --topics-per-broker 100000", "--brokers x --topics-per-broker must be at most")]
    [InlineData("--populate-brokers 5000 --populate-topics 5000", "--populate-brokers x --populate-topics must be at most")]
    public async Task Command_exits_with_2_and_a_clear_message_when_options_are_inconsistent(string arguments, string expected)
    {
        var (exitCode, error) = await RunAsync(arguments);

        Assert.Equal(LoadGenCommand.InvalidArguments, exitCode);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--mode burst", "--mode must be one of route, register, mixed, populate")]
    [InlineData("--duration soon", "--duration must be a duration such as 500ms")]
    [InlineData("--warmup -1s", "--warmup must be a duration")]
    [InlineData("--connections many", "many")]
    public async Task Command_exits_with_1_and_a_clear_message_when_options_do_not_parse(string arguments, string expected)
    {
        var (exitCode, error) = await RunAsync(arguments);

        Assert.Equal(1, exitCode);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Command_exits_with_3_when_the_target_is_unreachable()
    {
        int port;
        await using (var responder = TrivialResponder.Start())
        {
            port = responder.EndPoint.Port;
        }

        var (exitCode, _) = await RunAsync($"--address 127.0.0.1:{port} -c 1 --warmup 0 --duration 100ms --no-ceiling");

        Assert.Equal(LoadRunner.TargetFailed, exitCode);
    }

    [Theory]
    [InlineData("500ms", 0.5)]
    [InlineData("2s", 2)]
    [InlineData("1.5", 1.5)]
    [InlineData("1m", 60)]
    public void Duration_parses_when_it_has_a_unit_or_none(string text, double seconds)
    {
        Assert.True(LoadSettings.TryParseDuration(text, out var value));
        Assert.Equal(seconds, value.TotalSeconds, 6);
    }

    private static async Task<(int ExitCode, string Error)> RunAsync(string arguments)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var command = LoadGenCommand.Build(output, error);
        var parse = command.Parse(arguments.Split(' '));
        var exitCode = await parse.InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = output, Error = error }, CancellationToken.None);
        return (exitCode, error.ToString());
    }
}
