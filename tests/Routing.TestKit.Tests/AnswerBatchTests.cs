using Akka.Actor;

namespace NameServer.Actors.Routing.TestKit.Tests;

public sealed class AnswerBatchTests : IAsyncLifetime
{
    private readonly ActorSystem _system = ActorSystem.Create("answers");

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _system.Terminate();

    [Fact]
    public void AnswerBatch_receives_answers_of_actors_when_its_slots_are_senders()
    {
        using var batch = new AnswerBatch(_system, _system.DeadLetters.Path);
        var echo = _system.ActorOf(Props.Create(() => new Echo()));
        batch.Begin(2);

        echo.Tell("x", batch.Slot(0));
        echo.Tell("y", batch.Slot(1));

        Assert.True(batch.Wait(TimeSpan.FromSeconds(5)));
        Assert.Equal(["x", "y"], Enumerable.Range(0, 2).Select(batch.Answer));
    }

    private sealed class Echo : ReceiveActor
    {
        public Echo() => ReceiveAny(m => Sender.Tell(m));
    }

    [Fact]
    public void AnswerBatch_returns_answers_in_request_order_when_they_arrive_out_of_order()
    {
        using var batch = new AnswerBatch(_system, _system.DeadLetters.Path);
        batch.Begin(3);

        batch.Slot(2).Tell("c");
        batch.Slot(0).Tell("a");
        batch.Slot(1).Tell("b");

        Assert.True(batch.Wait(TimeSpan.FromSeconds(1)));
        Assert.Equal(["a", "b", "c"], Enumerable.Range(0, 3).Select(batch.Answer));
    }

    [Fact]
    public void AnswerBatch_keeps_the_first_answer_when_a_slot_is_told_twice()
    {
        using var batch = new AnswerBatch(_system, _system.DeadLetters.Path);
        batch.Begin(2);

        batch.Slot(0).Tell("first");
        batch.Slot(0).Tell("second");

        Assert.False(batch.Wait(TimeSpan.FromMilliseconds(10)));
        Assert.Equal("first", batch.Answer(0));
        Assert.Equal([1], batch.Missing(2));
    }

    [Fact]
    public void AnswerBatch_forgets_earlier_answers_when_a_new_batch_begins()
    {
        using var batch = new AnswerBatch(_system, _system.DeadLetters.Path);
        batch.Begin(1);
        batch.Slot(0).Tell("old");

        batch.Begin(1);

        Assert.Null(batch.Answer(0));
        Assert.False(batch.Wait(TimeSpan.FromMilliseconds(10)));
    }

    [Fact]
    public void AnswerBatch_is_done_at_once_when_the_batch_is_empty()
    {
        using var batch = new AnswerBatch(_system, _system.DeadLetters.Path);

        batch.Begin(0);

        Assert.True(batch.Wait(TimeSpan.Zero));
    }
}
