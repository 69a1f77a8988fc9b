using Microsoft.Extensions.Time.Testing;
using NameServer.Actors.Client.Tests.Support;
using NameServer.Actors.Protocol;
using NameServer.Actors.Protocol.Frames;
using NameServer.Actors.Protocol.Headers;

namespace NameServer.Actors.Client.Tests;

public sealed class RemotingConnectionTests
{
    private static readonly TimeSpan s_long = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task RemotingConnection_matches_responses_by_opaque_when_they_arrive_out_of_order()
    {
        await using var server = new FakeNameServer();
        await using var connection = await RemotingConnection.ConnectAsync(server.Address);

        var first = connection.InvokeAsync(Request("first"), s_long);
        var second = connection.InvokeAsync(Request("second"), s_long);
        var a = await server.NextRequestAsync();
        var b = await server.NextRequestAsync();
        Assert.NotEqual(a.Command.Opaque, b.Command.Opaque);

        // Answer in reverse order; each answer carries its request's topic as remark.
        foreach (var received in new[] { b, a })
        {
            await received.Connection.SendAsync(FakeNameServer.Reply(received.Command, 0, received.Command.ExtFields!["topic"]));
        }

        Assert.Equal("first", (await first).Remark);
        Assert.Equal("second", (await second).Remark);
        Assert.Equal(0, connection.PendingCount);
    }

    [Fact]
    public async Task RemotingConnection_completes_each_caller_with_its_own_response_when_many_are_answered_in_reverse()
    {
        const int count = 20;
        await using var server = new FakeNameServer();
        await using var connection = await RemotingConnection.ConnectAsync(server.Address);

        var calls = Enumerable.Range(0, count).Select(i => connection.InvokeAsync(Request($"t{i}"), s_long)).ToList();
        var received = new List<FakeNameServer.ReceivedRequest>();
        for (var i = 0; i < count; i++)
        {
            received.Add(await server.NextRequestAsync());
        }
        foreach (var request in Enumerable.Reverse(received))
        {
            await request.Connection.SendAsync(FakeNameServer.Reply(request.Command, 0, request.Command.ExtFields!["topic"]));
        }

        var responses = await Task.WhenAll(calls);
        Assert.Equal(Enumerable.Range(0, count).Select(i => $"t{i}"), responses.Select(r => r.Remark));
    }

    [Fact]
    public async Task RemotingConnection_times_out_and_closes_the_connection_when_no_response_arrives()
    {
        var clock = new FakeTimeProvider();
        await using var server = new FakeNameServer();
        await using var connection = await RemotingConnection.ConnectAsync(
            server.Address,
            new RemotingConnectionOptions { TimeProvider = clock });

        var call = connection.InvokeAsync(Request("silent"), TimeSpan.FromSeconds(3));
        var received = await server.NextRequestAsync();
        clock.Advance(TimeSpan.FromSeconds(3));

        var error = await Assert.ThrowsAsync<RemotingTimeoutException>(() => call);
        Assert.Equal(server.Address, error.Address);
        Assert.Contains(server.Address, error.Message);
        Assert.False(connection.IsConnected);
        await received.Connection.Closed.WaitAsync(s_long);
        await Assert.ThrowsAsync<RemotingConnectException>(() => connection.InvokeAsync(Request("after"), s_long));
    }

    [Fact]
    public async Task RemotingConnection_keeps_the_connection_when_the_caller_cancels()
    {
        await using var server = new FakeNameServer();
        await using var connection = await RemotingConnection.ConnectAsync(server.Address);
        using var cts = new CancellationTokenSource();

        var call = connection.InvokeAsync(Request("cancelled"), s_long, cts.Token);
        await server.NextRequestAsync();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.True(connection.IsConnected);
        Assert.Equal(0, connection.PendingCount);
    }

    [Fact]
    public async Task RemotingConnection_sends_the_oneway_flag_and_awaits_nothing_when_invoked_oneway()
    {
        await using var server = new FakeNameServer(r => FakeNameServer.Reply(r));
        await using var connection = await RemotingConnection.ConnectAsync(server.Address);

        await connection.InvokeOnewayAsync(RemotingCommand.CreateRequest(RequestCode.BrokerHeartbeat, 0));
        var received = await server.NextRequestAsync();

        Assert.True(received.Command.IsOneway);
        Assert.False(received.Command.IsResponse);
        Assert.Equal(0, connection.PendingCount);
        // The connection still works normally afterwards.
        var response = await connection.InvokeAsync(Request("next"), s_long);
        Assert.Equal(0, response.Code);
    }

    [Fact]
    public async Task RemotingConnection_round_trips_binary_headers_when_serialize_type_is_RocketMq()
    {
        await using var server = new FakeNameServer(r =>
        {
            var reply = FakeNameServer.Reply(r, ResponseCode.TopicNotExist, "no route");
            reply.WithExtField("echo", r.ExtFields!["topic"]);
            return reply;
        });
        await using var connection = await RemotingConnection.ConnectAsync(
            server.Address,
            new RemotingConnectionOptions { SerializeType = SerializeType.RocketMq });

        var response = await connection.InvokeAsync(Request("TopicBinary"), s_long);
        var received = await server.NextRequestAsync();

        Assert.Equal(SerializeType.RocketMq, received.Command.SerializeType);
        Assert.Equal(RequestCode.GetRouteInfoByTopic, received.Command.Code);
        Assert.Equal(SerializeType.RocketMq, response.SerializeType);
        Assert.Equal(ResponseCode.TopicNotExist, response.Code);
        Assert.Equal("no route", response.Remark);
        Assert.Equal("TopicBinary", response.ExtFields!["echo"]);
    }

    [Fact]
    public async Task RemotingConnection_sends_the_configured_version_and_language_when_invoking()
    {
        await using var server = new FakeNameServer(r => FakeNameServer.Reply(r));
        await using var connection = await RemotingConnection.ConnectAsync(
            server.Address,
            new RemotingConnectionOptions { Version = MqVersion.V4_9_8, Language = LanguageCode.DOTNET });

        await connection.InvokeAsync(Request("v"), s_long);
        var received = await server.NextRequestAsync();

        Assert.Equal(MqVersion.V4_9_8, received.Command.Version);
        Assert.Equal(LanguageCode.DOTNET, received.Command.Language);
        Assert.Equal(0, received.Command.Flag);
    }

    [Fact]
    public async Task RemotingConnection_faults_pending_requests_naming_the_address_when_disposed()
    {
        await using var server = new FakeNameServer();
        var connection = await RemotingConnection.ConnectAsync(server.Address);

        var call = connection.InvokeAsync(Request("pending"), s_long);
        await server.NextRequestAsync();
        await connection.DisposeAsync();

        var error = await Assert.ThrowsAsync<RemotingConnectException>(() => call);
        Assert.Equal(server.Address, error.Address);
        Assert.Contains(server.Address, error.Message);
    }

    [Fact]
    public async Task RemotingConnection_faults_pending_requests_when_the_server_closes_the_connection()
    {
        await using var server = new FakeNameServer();
        await using var connection = await RemotingConnection.ConnectAsync(server.Address);

        var call = connection.InvokeAsync(Request("pending"), s_long);
        var received = await server.NextRequestAsync();
        received.Connection.Close();

        var error = await Assert.ThrowsAsync<RemotingConnectException>(() => call);
        Assert.Contains(server.Address, error.Message);
        await connection.Closed.WaitAsync(s_long);
        Assert.False(connection.IsConnected);
    }

    [Fact]
    public async Task RemotingConnection_closes_when_the_server_sends_a_corrupt_frame()
    {
        await using var server = new FakeNameServer();
        await using var connection = await RemotingConnection.ConnectAsync(server.Address);

        var call = connection.InvokeAsync(Request("corrupt"), s_long);
        var received = await server.NextRequestAsync();
        var garbage = RemotingCommandWriter.ToArray(FakeNameServer.Reply(received.Command));
        garbage[4] = 9; // unknown serialize type
        await received.Connection.SendRawAsync(garbage);

        var error = await Assert.ThrowsAsync<RemotingConnectException>(() => call);
        Assert.Contains("corrupt frame", error.Message);
    }

    [Fact]
    public async Task RemotingConnection_drops_responses_when_no_request_waits_for_their_opaque()
    {
        await using var server = new FakeNameServer();
        await using var connection = await RemotingConnection.ConnectAsync(server.Address);

        var call = connection.InvokeAsync(Request("real"), s_long);
        var received = await server.NextRequestAsync();
        var stray = FakeNameServer.Reply(received.Command, 0, "stray");
        stray.Opaque = received.Command.Opaque + 1000;
        await received.Connection.SendAsync(stray);
        // A request from the server (not a response) is ignored as well.
        await received.Connection.SendAsync(RemotingCommand.CreateRequest(RequestCode.NotifyMinBrokerIdChange, received.Command.Opaque));
        await received.Connection.SendAsync(FakeNameServer.Reply(received.Command, 0, "real"));

        Assert.Equal("real", (await call).Remark);
        Assert.True(connection.IsConnected);
    }

    [Fact]
    public async Task RemotingConnection_reports_the_address_when_the_connection_is_refused()
    {
        var address = FakeNameServer.UnusedAddress();

        var error = await Assert.ThrowsAsync<RemotingConnectException>(() => RemotingConnection.ConnectAsync(address));

        Assert.Equal(address, error.Address);
        Assert.Contains(address, error.Message);
    }

    [Fact]
    public async Task RemotingConnection_rejects_the_timeout_when_it_is_not_positive()
    {
        await using var server = new FakeNameServer();
        await using var connection = await RemotingConnection.ConnectAsync(server.Address);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => connection.InvokeAsync(Request("t"), TimeSpan.Zero));
        Assert.True(connection.IsConnected);
    }

    [Fact]
    public async Task RemotingConnection_rejects_the_address_when_it_has_no_port()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => RemotingConnection.ConnectAsync("localhost"));
    }

    private static RemotingCommand Request(string topic) =>
        RemotingCommand.CreateRequest(RequestCode.GetRouteInfoByTopic, 0).WithExtField("topic", topic);
}
