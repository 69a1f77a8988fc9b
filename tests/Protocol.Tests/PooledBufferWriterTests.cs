namespace NameServer.Actors.Protocol.Tests;

public sealed class PooledBufferWriterTests
{
    [Fact]
    public void Writer_grows_and_keeps_content_when_hint_exceeds_capacity()
    {
        using var writer = new PooledBufferWriter(16);
        writer.GetSpan(3)[..3].Fill(7);
        writer.Advance(3);

        var span = writer.GetSpan(10_000);
        span[0] = 9;
        writer.Advance(1);

        Assert.Equal(new byte[] { 7, 7, 7, 9 }, writer.ToArray());
        Assert.True(writer.Capacity >= 10_003);
    }

    [Fact]
    public void Advance_throws_when_count_exceeds_the_span()
    {
        using var writer = new PooledBufferWriter(16);

        Assert.Throws<ArgumentOutOfRangeException>(() => writer.Advance(writer.Capacity + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.Advance(-1));
    }

    [Fact]
    public void GetSpan_throws_when_disposed()
    {
        var writer = new PooledBufferWriter();
        writer.Dispose();

        Assert.Throws<ObjectDisposedException>(() => writer.GetSpan());
    }
}
