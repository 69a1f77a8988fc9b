using NameServer.Actors.Runtime.TestKit;

namespace NameServer.Actors.Runtime.Tests.Events;

public sealed class EventStreamTests : ActorTestKit
{
    private interface IShape;

    private sealed record Circle : IShape;

    private sealed record Square : IShape;

    [Fact]
    public void Publish_delivers_to_subscribers_of_the_type_or_a_base_type()
    {
        var circles = CreateTestProbe();
        var shapes = CreateTestProbe();
        Sys.EventStream.Subscribe<Circle>(circles);
        Sys.EventStream.Subscribe<IShape>(shapes);

        Sys.EventStream.Publish(new Circle());
        Sys.EventStream.Publish(new Square());

        circles.ExpectMsg(new Circle());
        circles.ExpectNoMsg();
        shapes.ExpectMsg(new Circle());
        shapes.ExpectMsg(new Square());
    }

    [Fact]
    public void Unsubscribe_stops_delivery()
    {
        var probe = CreateTestProbe();
        Sys.EventStream.Subscribe<Circle>(probe);
        Sys.EventStream.Subscribe<Square>(probe);

        Sys.EventStream.Unsubscribe<Circle>(probe);
        Sys.EventStream.Publish(new Circle());
        Sys.EventStream.Publish(new Square());
        probe.ExpectMsg(new Square());

        Sys.EventStream.Unsubscribe(probe);
        Sys.EventStream.Publish(new Square());
        probe.ExpectNoMsg();
    }

    [Fact]
    public void Subscribing_twice_delivers_once()
    {
        var probe = CreateTestProbe();
        Sys.EventStream.Subscribe<Circle>(probe);
        Sys.EventStream.Subscribe<Circle>(probe);

        Sys.EventStream.Publish(new Circle());

        probe.ExpectMsg(new Circle());
        probe.ExpectNoMsg();
    }
}
