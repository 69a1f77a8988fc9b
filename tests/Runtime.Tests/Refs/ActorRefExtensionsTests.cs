using NameServer.Actors.Runtime.TestKit;

namespace NameServer.Actors.Runtime.Tests.Refs;

public sealed class ActorRefExtensionsTests : ActorTestKit
{
    private sealed class Forwarder : ReceiveActor
    {
        public Forwarder(IActorRef target) => ReceiveAny(m => target.Forward(m));
    }

    [Fact]
    public void Forward_keeps_the_original_sender()
    {
        var target = CreateTestProbe("target");
        var forwarder = Sys.ActorOf(Props.Create(() => new Forwarder(target)));

        TestActor.Send(forwarder, "hello");

        target.ExpectMsg("hello");
        Assert.Same(TestActor, target.LastSender);
    }

    [Fact]
    public void Tell_without_sender_from_inside_an_actor_carries_the_actor_as_sender()
    {
        var forwarder = Sys.ActorOf(Props.Create(() => new Teller(TestActor)));

        forwarder.Tell("go");

        ExpectMsg("told");
        Assert.Same(forwarder, TestActor.LastSender);
    }

    [Fact]
    public void Forward_outside_an_actor_has_no_sender()
    {
        TestActor.Forward("x");

        ExpectMsg("x");
        Assert.Same(Sys.DeadLetters, TestActor.LastSender);
    }

    [Fact]
    public void Refs_compare_by_identity_and_print_their_path()
    {
        var a = Sys.ActorOf(Props.Create(() => new Teller(TestActor)), "a");
        var b = Sys.ActorOf(Props.Create(() => new Teller(TestActor)), "b");

        Assert.Equal(a, a);
        Assert.NotEqual(a, b);
        Assert.StartsWith("/user/a#", a.ToString(), StringComparison.Ordinal);
    }

    private sealed class Teller : ReceiveActor
    {
        public Teller(IActorRef probe) => Receive<string>(_ => probe.Tell("told"));
    }
}
