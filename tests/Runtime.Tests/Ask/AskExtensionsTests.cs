using NameServer.Actors.Runtime.TestKit;

namespace NameServer.Actors.Runtime.Tests.Ask;

public sealed class AskExtensionsTests : ActorTestKit
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>Echoes strings, answers ints with a Status.Failure, ignores everything else.</summary>
    private sealed class Responder : ReceiveActor
    {
        public Responder()
        {
            Receive<string>(s => s == "success", _ => Sender.Tell(new Status.Success("wrapped")));
            Receive<string>(s => Sender.Tell(s));
            Receive<int>(i => Sender.Tell(new Status.Failure(new InvalidOperationException($"failed {i}"))));
            Receive<double>(_ => { });
        }
    }

    private IActorRef SpawnResponder() => Sys.ActorOf(Props.Create<Responder>(), "responder");

    [Fact]
    public async Task Ask_completes_with_the_first_reply()
    {
        var reply = await SpawnResponder().Ask<string>("hello", Timeout);

        Assert.Equal("hello", reply);
    }

    [Fact]
    public async Task Ask_untyped_returns_the_reply_object()
    {
        var reply = await SpawnResponder().Ask("hello", Timeout);

        Assert.Equal("hello", reply);
    }

    [Fact]
    public async Task Ask_unwraps_a_Status_Success_when_the_requested_type_is_its_value()
    {
        var reply = await SpawnResponder().Ask<string>("success", Timeout);

        Assert.Equal("wrapped", reply);
    }

    [Fact]
    public async Task Ask_faults_with_the_cause_of_a_Status_Failure_reply()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => SpawnResponder().Ask<string>(7, Timeout));

        Assert.Equal("failed 7", error.Message);
    }

    [Fact]
    public async Task Ask_faults_with_a_clear_InvalidCastException_when_the_reply_has_the_wrong_type()
    {
        var error = await Assert.ThrowsAsync<InvalidCastException>(() => SpawnResponder().Ask<int>("text", Timeout));

        Assert.Contains("Int32", error.Message);
        Assert.Contains("String", error.Message);
        Assert.Contains("/user/responder", error.Message);
    }

    [Fact]
    public async Task Ask_times_out_on_the_virtual_clock()
    {
        var task = SpawnResponder().Ask<string>(1.5, Timeout);

        Clock.Advance(Timeout - TimeSpan.FromTicks(1));
        await Task.Delay(20);
        Assert.False(task.IsCompleted);
        Clock.Advance(TimeSpan.FromTicks(1));

        var error = await Assert.ThrowsAsync<AskTimeoutException>(() => task);
        Assert.Contains("/user/responder", error.Message);
        Assert.Contains("Double", error.Message);
    }

    [Fact]
    public async Task Ask_is_cancelled_by_its_token()
    {
        using var cts = new CancellationTokenSource();
        var task = SpawnResponder().Ask<string>(1.5, Timeout, cts.Token);

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task);
        Assert.True(task.IsCanceled);
    }

    [Fact]
    public async Task Ask_with_an_already_cancelled_token_is_cancelled_at_once()
    {
        var task = SpawnResponder().Ask<string>("hello", Timeout, new CancellationToken(true));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task);
    }

    [Fact]
    public async Task Ask_releases_its_timer_when_answered()
    {
        await SpawnResponder().Ask<string>("hello", Timeout);

        AwaitCondition(() => Clock.ActiveTimerCount == 0);
    }

    [Fact]
    public async Task Ask_from_a_probe_sees_the_temporary_sender_and_replies_reach_the_asker()
    {
        var probe = CreateTestProbe();
        var task = probe.Ask<string>("question", Timeout);

        probe.ExpectMsg("question");
        Assert.StartsWith("/temp/$ask", probe.LastSender.Path.ToString(), StringComparison.Ordinal);
        probe.Reply("answer");

        Assert.Equal("answer", await task);
    }

    [Fact]
    public void Ask_rejects_a_non_positive_timeout()
    {
        var responder = SpawnResponder();

        Assert.Throws<ArgumentOutOfRangeException>(() => { _ = responder.Ask("x", TimeSpan.Zero); });
    }
}
