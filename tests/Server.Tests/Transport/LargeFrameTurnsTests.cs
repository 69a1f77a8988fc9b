using NameServer.Actors.Server.Transport;

namespace NameServer.Actors.Server.Tests.Transport;

public sealed class LargeFrameTurnsTests
{
    [Fact]
    public async Task TakeAsync_gives_a_turn_until_none_is_left_and_then_gives_up_after_the_patience()
    {
        var turns = new LargeFrameTurns(2, TimeSpan.FromMilliseconds(20));

        Assert.True(await turns.TakeAsync());
        Assert.True(await turns.TakeAsync());
        Assert.False(await turns.TakeAsync());
        Assert.Equal(0, turns.Available);
    }

    [Fact]
    public async Task TakeAsync_gives_the_turn_a_connection_released_when_one_was_waiting()
    {
        var turns = new LargeFrameTurns(1, TimeSpan.FromSeconds(30));
        Assert.True(await turns.TakeAsync());

        var waiting = turns.TakeAsync();
        Assert.False(waiting.IsCompleted);
        turns.Release(null);

        Assert.True(await waiting);
        Assert.Equal(0, turns.Available);
    }

    [Fact]
    public async Task TakeKept_gives_the_buffer_a_finished_large_frame_left_when_it_is_not_too_large()
    {
        var turns = new LargeFrameTurns(1, TimeSpan.FromSeconds(30));
        var buffer = new byte[64 * 1024];
        Assert.True(await turns.TakeAsync());
        Assert.Null(turns.TakeKept());
        turns.Release(buffer);

        Assert.True(await turns.TakeAsync());
        Assert.Same(buffer, turns.TakeKept());
        turns.Release(new byte[LargeFrameTurns.MaxKeptBuffer + 1]);

        Assert.Equal(0, turns.KeptBuffers);
        Assert.Equal(1, turns.Available);
    }
}
