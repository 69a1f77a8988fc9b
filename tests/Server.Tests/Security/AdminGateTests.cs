using System.Net;
using Microsoft.Extensions.Logging;
using NameServer.Actors.Protocol;
using NameServer.Actors.Protocol.Headers;
using NameServer.Actors.Server.Security;

namespace NameServer.Actors.Server.Tests.Security;

public sealed class AdminGateTests
{
    [Fact]
    public void Gate_answers_no_permission_and_logs_source_address_when_request_is_refused()
    {
        var log = new ListLogger();
        var gate = new AdminGate(new AdminAuthorizer(NameServerSettings.Default.Security with { AclEnable = true }), log);
        var request = RemotingCommand.CreateRequest(RequestCode.UpdateNamesrvConfig, 42);

        Assert.True(gate.TryRefuse(request, new IPEndPoint(IPAddress.Parse("198.51.100.3"), 40000), out var refusal));

        Assert.Equal(ResponseCode.NoPermission, refusal.Code);
        Assert.Equal(42, refusal.Opaque);
        Assert.True(refusal.IsResponse);
        Assert.Contains("318", refusal.Remark, StringComparison.Ordinal);
        var line = Assert.Single(log.Lines);
        Assert.Contains("198.51.100.3:40000", line, StringComparison.Ordinal);
        Assert.Contains("318", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Gate_lets_request_through_silently_when_source_is_allowed()
    {
        var log = new ListLogger();
        var options = NameServerSettings.Default.Security with { AclEnable = true, AdminAllowList = [AddressRange.Parse("127.0.0.0/8")] };
        var gate = new AdminGate(new AdminAuthorizer(options), log);

        Assert.False(gate.TryRefuse(RemotingCommand.CreateRequest(RequestCode.PutKvConfig, 1), new IPEndPoint(IPAddress.Loopback, 1), out var refusal));
        Assert.Null(refusal);
        Assert.Empty(log.Lines);
    }

    private sealed class ListLogger : ILogger
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add(formatter(state, exception));
    }
}
