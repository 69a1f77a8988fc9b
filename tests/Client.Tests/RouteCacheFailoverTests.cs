using System.Diagnostics;
using NameServer.Actors.Client.Tests.Support;
using NameServer.Actors.Protocol.CustomHeaders;
using NameServer.Actors.Protocol.Headers;

namespace NameServer.Actors.Client.Tests;

/// <summary>The client under the conditions a route cache meets: three servers, one down and one slow.</summary>
public sealed class RouteCacheFailoverTests
{
    // Long enough that a loaded CI machine answers the good server in time; the silent one costs this once.
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan s_slack = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task NameServerClient_reaches_the_working_server_when_one_of_three_is_down_and_one_never_answers()
    {
        var down = FakeNameServer.UnusedAddress();
        await using var slow = new FakeNameServer();
        await using var good = new FakeNameServer(r => Kv(r, "good"));
        await using var client = Client($"{down};{slow.Address};{good.Address}");

        var watch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<RemotingTimeoutException>(() => client.GetKvConfigAsync("ns", "k"));
        watch.Stop();
        var values = new List<string?>();
        for (var i = 0; i < 3; i++)
        {
            values.Add(await client.GetKvConfigAsync("ns", "k"));
        }

        Assert.Equal(slow.Address, error.Address);
        Assert.True(watch.Elapsed < s_timeout + s_slack, $"the first call took {watch.Elapsed}");
        Assert.Equal(["good", "good", "good"], values);
        Assert.Equal(good.Address, client.CurrentAddress);
        Assert.Equal(1, good.ConnectionCount);
    }

    [Fact]
    public async Task NameServerClient_succeeds_when_a_slow_server_answers_within_the_timeout()
    {
        var down = FakeNameServer.UnusedAddress();
        await using var slow = new FakeNameServer();
        await using var good = new FakeNameServer(r => Kv(r, "good"));
        await using var client = new NameServerClient(new NameServerClientOptions
        {
            Addresses = $"{down};{slow.Address};{good.Address}",
            RandomStart = false,
            RequestTimeout = TimeSpan.FromSeconds(5),
        });

        var call = client.GetKvConfigAsync("ns", "k");
        var received = await slow.NextRequestAsync();
        await Task.Delay(TimeSpan.FromMilliseconds(100));
        await received.Connection.SendAsync(Kv(received.Command, "slow"));

        Assert.Equal("slow", await call.WaitAsync(s_slack));
        Assert.Equal(slow.Address, client.CurrentAddress);
        Assert.Equal(0, good.ConnectionCount);
    }

    [Fact]
    public async Task NameServerClient_sends_each_server_call_with_its_own_outcome_when_one_is_down_and_one_is_slow()
    {
        var down = FakeNameServer.UnusedAddress();
        await using var slow = new FakeNameServer();
        await using var good = new FakeNameServer(r => FakeNameServer.Reply(r));
        await using var client = Client($"{down};{slow.Address};{good.Address}");

        var results = await client.PutKvConfigOnAllAsync("ns", "k", "v", s_timeout).WaitAsync(s_slack);

        Assert.Equal([down, slow.Address, good.Address], results.Select(r => r.Address));
        Assert.IsType<RemotingConnectException>(results[0].Error);
        Assert.IsType<RemotingTimeoutException>(results[1].Error);
        Assert.True(results[2].Succeeded);
    }

    private static NameServerClient Client(string addresses) =>
        new(new NameServerClientOptions { Addresses = addresses, RandomStart = false, RequestTimeout = s_timeout });

    private static RemotingCommand Kv(RemotingCommand request, string value)
    {
        var reply = FakeNameServer.Reply(request);
        reply.ExtFields = new GetKvConfigResponseHeader(value).ToExtFields();
        return reply;
    }
}
