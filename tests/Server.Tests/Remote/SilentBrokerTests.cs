using System.Diagnostics;
using Akka.Actor;
using Akka.Remote;
using Akka.Remote.Transport;
using NameServer.Actors.Contracts;
using Xunit.Abstractions;
using C = NameServer.Actors.Contracts;

namespace NameServer.Actors.Server.Tests.Remote;

/// <summary>
/// An Akka broker whose system goes silent without closing anything (a cut network, a frozen process), simulated with
/// Akka's throttling transport adapter (<c>trttl</c>) black-holing the traffic: the watch failure detector ends the
/// broker's session, and its routes go, within the detection time the systems configure.
/// </summary>
public sealed class SilentBrokerTests : RemoteTestKit
{
    private const string Throttled = "akka.remote.dot-netty.tcp.applied-adapters = [trttl]";
    private readonly ITestOutputHelper _output;

    public SilentBrokerTests(ITestOutputHelper output)
        : base(output, Throttled)
    {
        _output = output;
    }

    protected override NameServerSettings Settings() => WithRemoting(TestSettings.Loopback, Throttled);

    [Fact]
    public async Task Gateway_removes_a_silent_akka_brokers_routes_within_the_failure_detection_time()
    {
        var brokerSystem = StartSystem("broker");
        var answers = CreateTestProbe();
        var broker = brokerSystem.ActorOf(Forwarder.Props(answers.Ref), "broker");
        var gatewayAddress = ServerAddress + NameServerContracts.GatewayPath;
        brokerSystem.ActorSelection(gatewayAddress).Tell(new C.RegisterBroker(new BrokerRegistration(
            "DefaultCluster", "broker-q", 0, "10.0.7.1:10911", null,
            [new C.TopicConfig("TopicQ", 4, 4, 6), new C.TopicConfig("TopicR", 4, 4, 6)], new C.DataVersion(1, 1))), broker);
        await answers.ExpectMsgAsync<BrokerRegistered>(Timeout);
        var subscriber = CreateTestProbe();
        Sys.ActorSelection(gatewayAddress).Tell(new SubscribeRoutes(["TopicQ"]), subscriber.Ref);
        await subscriber.ExpectMsgAsync<RoutesSubscribed>(Timeout);
        Assert.NotNull((await subscriber.ExpectMsgAsync<RouteChanged>(Timeout)).Route);
        var transport = ((RemoteActorRefProvider)((ExtendedActorSystem)brokerSystem).Provider).Transport;
        Assert.True(await transport.ManagementCommand(new SetThrottle(ServerAddress, ThrottleTransportAdapter.Direction.Both, Blackhole.Instance)));
        var started = Stopwatch.StartNew();
        var removed = await subscriber.ExpectMsgAsync<RouteChanged>(SilentPeerDetectionTime + TimeSpan.FromSeconds(10));
        var elapsed = started.Elapsed;

        _output.WriteLine($"broker silent -> routes removed: {elapsed.TotalMilliseconds:F0} ms (detection time {SilentPeerDetectionTime.TotalMilliseconds} ms)");
        Assert.Equal(new RouteChanged("TopicQ", null), removed);
        Assert.True(elapsed < SilentPeerDetectionTime, $"routes removed after {elapsed.TotalMilliseconds:F0} ms");
    }
}
