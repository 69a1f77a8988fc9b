using NameServer.Actors.Runtime.TestKit;

namespace NameServer.Actors.Runtime.Tests;

public sealed class ActorSystemTests : ActorTestKit
{
    private sealed class Node : ReceiveActor
    {
        private readonly IActorRef _probe;

        public Node(IActorRef probe, int depth)
        {
            _probe = probe;
            if (depth > 0)
            {
                Context.Spawn(Props.Create(() => new Node(probe, depth - 1)), "a");
                Context.Spawn(Props.Create(() => new Node(probe, depth - 1)), "b");
            }

            Receive<string>(_ => Sender.Tell("ok"));
        }

        protected override void PostStop() => _probe.Tell(Self.Path.ToString());
    }

    [Fact]
    public async Task Terminate_stops_every_actor_children_before_parents()
    {
        Sys.ActorOf(Props.Create(() => new Node(TestActor, 2)), "x");
        Sys.ActorOf(Props.Create(() => new Node(TestActor, 1)), "y");
        var x = Sys.ActorOf(Props.Create(() => new Node(TestActor, 0)), "z");
        TestActor.Send(x, "ready?");
        ExpectMsg("ok");

        await Sys.Terminate();

        var order = new List<string>();
        for (var i = 0; i < 11; i++)
        {
            order.Add(ExpectMsg<string>());
        }

        ExpectNoMsg();
        Assert.Equal(11, order.Distinct().Count());
        foreach (var path in order)
        {
            // Every descendant's PostStop comes before its ancestor's.
            var descendants = order.Where(p => p.StartsWith(path + "/", StringComparison.Ordinal));
            Assert.All(descendants, d => Assert.True(order.IndexOf(d) < order.IndexOf(path), $"{d} stopped after {path}"));
        }
    }

    [Fact]
    public async Task Tell_after_Terminate_goes_to_dead_letters()
    {
        var actor = Sys.ActorOf(Props.Create(() => new Node(TestActor, 0)), "n");
        await Sys.Terminate();
        ExpectMsg("/user/n");
        var before = Sys.DeadLetterCount;

        actor.Tell("late");

        Assert.Equal(before + 1, Sys.DeadLetterCount);
        Assert.True(Sys.WhenTerminated.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task ActorOf_after_Terminate_fails_clearly()
    {
        await Sys.Terminate();

        var error = Assert.Throws<InvalidOperationException>(() => Sys.ActorOf(Props.Create(() => new Node(TestActor, 0))));
        Assert.Contains("terminating", error.Message);
    }

    [Fact]
    public async Task DisposeAsync_terminates_the_system()
    {
        var system = ActorSystem.Create("disposable");
        system.ActorOf(Props.Create(() => new Node(TestActor, 1)), "n");

        await system.DisposeAsync();

        Assert.True(system.WhenTerminated.IsCompleted);
        var stopped = new[] { ExpectMsg<string>(), ExpectMsg<string>(), ExpectMsg<string>() };
        Assert.Equal("/user/n", stopped[2]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("a/b")]
    public void Create_rejects_an_invalid_system_name(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => ActorSystem.Create(name));
        Assert.Contains("system name", error.Message);
    }

    [Fact]
    public void Paths_of_top_level_actors_are_under_user()
    {
        var actor = Sys.ActorOf(Props.Create(() => new Node(TestActor, 0)), "routes");

        Assert.Equal("/user/routes", actor.Path.ToString());
        Assert.Equal("routes", actor.Name);
        Assert.Equal("/deadLetters", Sys.DeadLetters.Path.ToString());
    }
}
