using NameServer.Actors.Runtime.TestKit;
using Xunit.Sdk;

namespace NameServer.Actors.Runtime.Tests.TestKit;

public sealed class TestProbeTests : ActorTestKit
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(50);

    private sealed class Echo : ReceiveActor
    {
        public Echo() => ReceiveAny(m => Sender.Tell(m));
    }

    [Fact]
    public void ExpectMsg_returns_the_message_and_records_its_sender()
    {
        var echo = Sys.ActorOf(Props.Create<Echo>(), "echo");

        TestActor.Send(echo, "hi");

        Assert.Equal("hi", ExpectMsg<string>());
        Assert.Same(echo, TestActor.LastSender);
    }

    [Fact]
    public void ExpectMsg_fails_naming_what_arrived_when_the_type_differs()
    {
        TestActor.Tell(42);

        var error = Assert.Throws<XunitException>(() => ExpectMsg<string>(timeout: Short));
        Assert.Contains("String", error.Message);
        Assert.Contains("Int32 42", error.Message);
    }

    [Fact]
    public void ExpectMsg_fails_with_the_timeout_when_nothing_arrives()
    {
        var error = Assert.Throws<XunitException>(() => ExpectMsg<string>(timeout: Short));

        Assert.Contains("Timeout", error.Message);
        Assert.Contains("String", error.Message);
    }

    [Fact]
    public void ExpectMsg_with_a_predicate_fails_when_the_message_does_not_match()
    {
        TestActor.Tell("nope");

        var error = Assert.Throws<XunitException>(() => ExpectMsg<string>(s => s == "yes", Short));
        Assert.Contains("did not match", error.Message);
    }

    [Fact]
    public void ExpectMsg_by_value_fails_naming_both_values()
    {
        TestActor.Tell("actual");

        var error = Assert.Throws<XunitException>(() => ExpectMsg("expected", Short));
        Assert.Contains("expected", error.Message);
        Assert.Contains("actual", error.Message);
    }

    [Fact]
    public void ExpectNoMsg_fails_when_a_message_arrives()
    {
        TestActor.Tell("surprise");

        var error = Assert.Throws<XunitException>(() => ExpectNoMsg(Short));
        Assert.Contains("surprise", error.Message);
    }

    [Fact]
    public void FishForMessage_skips_messages_until_one_matches()
    {
        TestActor.Tell(1);
        TestActor.Tell("skip");
        TestActor.Tell(5);

        Assert.Equal(5, TestActor.FishForMessage<int>(i => i > 3));
        ExpectNoMsg(Short);
    }

    [Fact]
    public void FishForMessage_fails_listing_the_skipped_messages()
    {
        TestActor.Tell("skip");

        var error = Assert.Throws<XunitException>(() => TestActor.FishForMessage<int>(_ => true, Short));
        Assert.Contains("skip", error.Message);
    }

    [Fact]
    public void ExpectMsgAllOf_accepts_any_order()
    {
        TestActor.Tell("b");
        TestActor.Tell("a");

        Assert.Equal(["b", "a"], TestActor.ExpectMsgAllOf("a", "b"));
    }

    [Fact]
    public void ExpectMsgAllOf_fails_naming_missing_and_unexpected_messages()
    {
        TestActor.Tell("a");
        TestActor.Tell("c");

        var error = Assert.Throws<XunitException>(() => TestActor.ExpectMsgAllOf(Short, "a", "b"));
        Assert.Contains("missing [b]", error.Message);
        Assert.Contains("unexpected [c]", error.Message);
    }

    [Fact]
    public void ReceiveN_fails_with_what_arrived_when_too_few_messages_come()
    {
        TestActor.Tell("only");

        var error = Assert.Throws<XunitException>(() => TestActor.ReceiveN(2, Short));
        Assert.Contains("received 1: only", error.Message);
    }

    [Fact]
    public void Reply_goes_to_the_sender_of_the_last_message()
    {
        var other = CreateTestProbe("other");
        other.Send(TestActor, "question");
        ExpectMsg("question");

        TestActor.Reply("answer");

        other.ExpectMsg("answer");
        Assert.Same(TestActor, other.LastSender);
    }

    [Fact]
    public void ExpectTerminated_fails_when_another_actor_terminated()
    {
        var a = Sys.ActorOf(Props.Create<Echo>(), "a");
        var b = Sys.ActorOf(Props.Create<Echo>(), "b");
        Watch(a);
        Sys.Stop(a);

        var error = Assert.Throws<XunitException>(() => ExpectTerminated(b));
        Assert.Contains("/user/a", error.Message);
    }

    [Fact]
    public async Task ExpectMsgAsync_waits_for_the_message()
    {
        var echo = Sys.ActorOf(Props.Create<Echo>(), "echo");

        TestActor.Send(echo, "async");

        Assert.Equal("async", await TestActor.ExpectMsgAsync<string>());
        await TestActor.ExpectNoMsgAsync(Short);
    }

    [Fact]
    public void Probe_can_be_watched_by_an_actor_and_is_a_regular_ref()
    {
        var probe = CreateTestProbe("named");

        Assert.Equal("/system/named", probe.Path.ToString());
        Assert.Equal("named", probe.Name);
        Assert.True(probe.TryTell("x"));
        Assert.Equal("x", probe.ReceiveOne());
    }
}
