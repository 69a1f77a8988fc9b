using Akka;
using Akka.Actor;
using NameServer.Actors.Client.Akka;
using NameServer.Actors.Contracts;
using TestKitBase = Akka.TestKit.Xunit2.TestKit;

namespace NameServer.Actors.Client.Tests.Akka;

/// <summary>The Akka client against fake gateways in one actor system: fail-over, the route cache, subscribers.</summary>
public sealed class NameServerClientActorTests : TestKitBase
{
    private static readonly TimeSpan s_requestTimeout = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(5);
    private static readonly TopicRoute s_a = Routes.Of("broker-a", "10.0.0.1:10911");
    private static readonly TopicRoute s_b = Routes.Of("broker-b", "10.0.0.2:10911");

    public NameServerClientActorTests()
        : base(NameServerContracts.Config)
    {
    }

    private IActorRef Client(params string[] gateways) => Sys.ActorOf(NameServerClientActor.Props(new NameServerAkkaClientSettings
    {
        Gateways = gateways,
        RequestTimeout = s_requestTimeout,
        RetryInterval = TimeSpan.FromMilliseconds(200),
    }));

    private (IActorRef Gateway, string Path) Gateway(string name, IActorRef probe, GatewayMode mode = GatewayMode.Normal, Dictionary<string, TopicRoute>? routes = null)
    {
        var gateway = Sys.ActorOf(FakeGateway.Props(probe, mode, routes), name);
        return (gateway, gateway.Path.ToString());
    }

    private string Missing(string name) => new RootActorPath(((ExtendedActorSystem)Sys).Provider.DefaultAddress) / "user" / name + string.Empty;

    private static TopicRouteChanged NextChange(global::Akka.TestKit.TestProbe subscriber) =>
        (TopicRouteChanged)subscriber.FishForMessage(m => m is TopicRouteChanged, s_wait);

    private void Subscribe(IActorRef client, IReadOnlyList<string>? topics, global::Akka.TestKit.TestProbe subscriber)
    {
        client.Tell(new SubscribeTopicRoutes(topics, subscriber.Ref), TestActor);
        ExpectMsg<TopicRoutesSubscribed>(s_wait);
    }

    private static void SetRoute(IActorRef gateway, string topic, TopicRoute? route) =>
        gateway.Ask<Done>(new FakeGateway.SetRoute(topic, route), s_wait).Wait(s_wait);

    [Fact]
    public void Client_answers_a_route_from_the_second_NameServer_when_the_first_is_gone()
    {
        var (_, second) = Gateway("gw2", CreateTestProbe().Ref, routes: new() { ["T"] = s_a });
        var client = Client(Missing("gone"), second);

        client.Tell(new GetRoute("T"), TestActor);

        var reply = ExpectMsg<RouteReply>(s_wait);
        Assert.Equal("10.0.0.1:10911", reply.Route!.BrokerDatas[0].BrokerAddrs[0]);
    }

    [Fact]
    public void Client_asks_the_next_NameServer_when_the_first_does_not_answer_within_the_request_timeout()
    {
        var silent = CreateTestProbe();
        var (_, first) = Gateway("silent", silent.Ref, GatewayMode.Silent);
        var (_, second) = Gateway("good", CreateTestProbe().Ref, routes: new() { ["T"] = s_b });
        var client = Client(first, second);

        client.Tell(new GetRoute("T"), TestActor);

        silent.ExpectMsg<GetRoute>(s_wait);
        Assert.Equal("broker-b", ExpectMsg<RouteReply>(s_wait).Route!.BrokerDatas[0].BrokerName);
    }

    [Fact]
    public void Client_asks_the_next_NameServer_when_one_answers_the_route_of_another_topic()
    {
        var wrong = CreateTestProbe();
        var (_, first) = Gateway("wrong", wrong.Ref, GatewayMode.WrongAnswers);
        var (_, second) = Gateway("good", CreateTestProbe().Ref, routes: new() { ["T"] = s_b });
        var client = Client(first, second);

        client.Tell(new GetRoute("T"), TestActor);

        wrong.ExpectMsg<GetRoute>(s_wait);
        var reply = ExpectMsg<RouteReply>(s_wait);
        Assert.Equal("T", reply.Topic);
        Assert.Equal("broker-b", reply.Route!.BrokerDatas[0].BrokerName);
    }

    [Fact]
    public void Client_answers_a_failure_when_every_NameServer_failed_in_turn()
    {
        var (_, first) = Gateway("silent1", CreateTestProbe().Ref, GatewayMode.Silent);
        var (_, second) = Gateway("silent2", CreateTestProbe().Ref, GatewayMode.Silent);
        var client = Client(first, second);

        client.Tell(new GetRoute("T"), TestActor);

        var failure = ExpectMsg<Status.Failure>(s_wait);
        Assert.IsType<RemotingTimeoutException>(failure.Cause);
        Assert.Contains("2 NameServer(s) failed", failure.Cause.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Client_refuses_admin_requests_with_a_NameServerError_instead_of_relaying_them()
    {
        var (_, gateway) = Gateway("gw", CreateTestProbe().Ref);
        var client = Client(gateway);

        client.Tell(new PutKvConfig("ns", "k", "v"), TestActor);

        Assert.Equal(NameServerErrorCodes.SystemError, ExpectMsg<NameServerError>(s_wait).Code);
    }

    [Fact]
    public void Client_tells_a_subscriber_the_current_routes_then_each_change_and_the_removal_but_no_repeat()
    {
        var (gateway, path) = Gateway("gw", CreateTestProbe().Ref, routes: new() { ["T"] = s_a });
        var client = Client(path);
        var subscriber = CreateTestProbe();

        Subscribe(client, ["T", "U"], subscriber);

        Assert.Equal(new TopicRouteChanged("T", s_a), NextChange(subscriber));
        Assert.Equal(new TopicRouteChanged("U", null), NextChange(subscriber));
        SetRoute(gateway, "T", s_b);
        Assert.Equal(new TopicRouteChanged("T", s_b), NextChange(subscriber));
        // The same route in another order is no change.
        SetRoute(gateway, "T", s_b with { QueueDatas = s_b.QueueDatas.Reverse().ToList() });
        SetRoute(gateway, "T", null);
        Assert.Equal(new TopicRouteChanged("T", null), NextChange(subscriber));
    }

    [Fact]
    public void Client_answers_GetRoute_of_a_subscribed_topic_from_its_cache()
    {
        var gatewayProbe = CreateTestProbe();
        var (gateway, path) = Gateway("gw", gatewayProbe.Ref, routes: new() { ["T"] = s_a });
        var client = Client(path);
        var subscriber = CreateTestProbe();
        Subscribe(client, ["T"], subscriber);
        NextChange(subscriber);
        gatewayProbe.ExpectMsg<SubscribeRoutes>(s_wait);

        SetRoute(gateway, "T", s_b);
        NextChange(subscriber);
        client.Tell(new GetRoute("T"), TestActor);

        Assert.Equal(new RouteReply("T", s_b), ExpectMsg<RouteReply>(s_wait));
        gatewayProbe.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void Client_resubscribes_on_the_next_NameServer_and_tells_only_what_differs_when_the_gateway_stops()
    {
        var (first, firstPath) = Gateway("gw1", CreateTestProbe().Ref, routes: new() { ["T"] = s_a, ["X"] = s_a, ["Same"] = s_b });
        var secondProbe = CreateTestProbe();
        var (second, secondPath) = Gateway("gw2", secondProbe.Ref, routes: new() { ["T"] = s_b, ["Same"] = s_b });
        var client = Client(firstPath, secondPath);
        var subscriber = CreateTestProbe();
        Subscribe(client, null, subscriber);
        var initial = new[] { NextChange(subscriber), NextChange(subscriber), NextChange(subscriber) };
        Assert.Equal(["Same", "T", "X"], initial.Select(c => c.Topic).Order(StringComparer.Ordinal));

        Sys.Stop(first);

        subscriber.FishForMessage(m => m is NameServerLost lost && lost.Gateway == firstPath, s_wait);
        subscriber.FishForMessage(m => m is NameServerConnected connected && connected.Gateway == secondPath, s_wait);
        Assert.Null(secondProbe.ExpectMsg<SubscribeRoutes>(s_wait).Topics);
        var changes = new[] { NextChange(subscriber), NextChange(subscriber) }.OrderBy(c => c.Topic, StringComparer.Ordinal).ToList();
        Assert.Equal([new TopicRouteChanged("T", s_b), new TopicRouteChanged("X", null)], changes);
        SetRoute(second, "Y", s_a);
        Assert.Equal(new TopicRouteChanged("Y", s_a), NextChange(subscriber));
    }

    [Fact]
    public void Client_ignores_route_changes_from_a_NameServer_it_left()
    {
        var (first, firstPath) = Gateway("slow", CreateTestProbe().Ref, GatewayMode.Silent, new() { ["T"] = s_a });
        var (_, secondPath) = Gateway("gw2", CreateTestProbe().Ref, routes: new() { ["T"] = s_a });
        var client = Client(firstPath, secondPath);
        var subscriber = CreateTestProbe();
        Subscribe(client, ["T"], subscriber);
        Assert.Equal(new TopicRouteChanged("T", s_a), NextChange(subscriber));

        // The first one does not answer a query: the client moves to the second, which has the same route.
        client.Tell(new GetRoute("Other"), TestActor);
        ExpectMsg<RouteReply>(s_wait);
        subscriber.FishForMessage(m => m is NameServerConnected c && c.Gateway == secondPath, s_wait);
        first.Tell(new FakeGateway.PushRaw(new RouteChanged("T", s_b)));

        subscriber.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void Client_drops_bad_pushes_and_refused_subscriptions_and_keeps_working()
    {
        var gatewayProbe = CreateTestProbe();
        var (refusing, path) = Gateway("refusing", gatewayProbe.Ref, GatewayMode.RefusingSubscriptions, new() { ["T"] = s_a });
        var client = Client(path);
        var subscriber = CreateTestProbe();
        Subscribe(client, ["T"], subscriber);
        gatewayProbe.ExpectMsg<SubscribeRoutes>(s_wait);

        refusing.Tell(new FakeGateway.PushRaw(new RouteChanged(string.Empty, s_b)));
        client.Tell(new GetRoute("T"), TestActor);

        // Refused: the topic is not cached, so the query goes to the NameServer.
        gatewayProbe.ExpectMsg<GetRoute>(s_wait);
        Assert.Equal(new RouteReply("T", s_a), ExpectMsg<RouteReply>(s_wait));
    }

    [Fact]
    public void Client_ends_its_NameServer_subscription_when_the_last_subscriber_stops()
    {
        var gatewayProbe = CreateTestProbe();
        var (_, path) = Gateway("gw", gatewayProbe.Ref, routes: new() { ["T"] = s_a });
        var client = Client(path);
        var subscriber = CreateTestProbe();
        Subscribe(client, ["T"], subscriber);
        gatewayProbe.ExpectMsg<SubscribeRoutes>(s_wait);
        NextChange(subscriber);

        Sys.Stop(subscriber.Ref);

        Assert.Null(gatewayProbe.ExpectMsg<UnsubscribeRoutes>(s_wait).Topics);
    }

    [Fact]
    public async Task NameServerAkkaClient_returns_routes_and_throws_RemotingTimeoutException_when_no_NameServer_answers()
    {
        var (_, good) = Gateway("good", CreateTestProbe().Ref, routes: new() { ["T"] = s_a });
        var (_, silent) = Gateway("silent", CreateTestProbe().Ref, GatewayMode.Silent);
        var client = NameServerAkkaClient.Create(Sys, NameServerAkkaClientSettings.Create(good) with { RequestTimeout = s_requestTimeout });
        var unanswered = NameServerAkkaClient.Create(
            Sys, NameServerAkkaClientSettings.Create(silent) with { RequestTimeout = s_requestTimeout }, "unanswered");

        Assert.Equal(s_a, await client.GetRouteAsync("T"));
        Assert.Null(await client.GetRouteAsync("None"));
        await Assert.ThrowsAsync<RemotingTimeoutException>(() => unanswered.GetRouteAsync("T"));
    }
}
