using System.Globalization;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Event;
using NameServer.Actors.Protocol;
using NameServer.Actors.Protocol.Headers;
using NameServer.Actors.Routing.State;

namespace NameServer.Actors.Server;

/// <summary>
/// Sends <c>NOTIFY_MIN_BROKER_ID_CHANGE</c> (905) to brokers, the NameServer's only outbound request
/// (<c>docs/BEHAVIOUR.md</c>, "Minimum broker id notifications"): oneway, on a short-lived connection, 300 ms to connect and write, failures
/// only logged (Java does the same). RouteTable publishes the decisions on the event stream only when
/// <c>notifyMinBrokerIdChanged</c> is on.
/// </summary>
public sealed class MinBrokerIdNotifier : ReceiveActor
{
    private static readonly TimeSpan SendTimeout = TimeSpan.FromMilliseconds(300);
    private int _opaque;

    public MinBrokerIdNotifier()
    {
        var log = Context.GetLogger();
        Receive<MinBrokerIdChangeNotification>(n => _ = SendAsync(n, Interlocked.Increment(ref _opaque), log));
    }

    public static Props Props() => Akka.Actor.Props.Create(() => new MinBrokerIdNotifier());

    protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(MinBrokerIdChangeNotification));

    /// <summary>The oneway request Java brokers expect (header fields of <c>NotifyMinBrokerIdChangeRequestHeader</c>).</summary>
    public static RemotingCommand Request(MinBrokerIdChangeNotification notification, int opaque)
    {
        var ext = new ExtFields()
            .Set("minBrokerId", notification.MinBrokerId.ToString(CultureInfo.InvariantCulture))
            .Set("minBrokerAddr", notification.MinBrokerAddr);
        if (notification.OfflineBrokerAddr is { } offline)
        {
            ext.Set("offlineBrokerAddr", offline);
        }
        if (notification.HaBrokerAddr is { } ha)
        {
            ext.Set("haBrokerAddr", ha);
        }
        var request = RemotingCommand.CreateRequest(RequestCode.NotifyMinBrokerIdChange, opaque, extFields: ext);
        request.Flag = RemotingCommand.OnewayFlag;
        return request;
    }

    private static async Task SendAsync(MinBrokerIdChangeNotification notification, int opaque, ILoggingAdapter log)
    {
        var separator = notification.TargetAddr.LastIndexOf(':');
        if (separator <= 0 || !int.TryParse(notification.TargetAddr.AsSpan(separator + 1), out var port))
        {
            log.Warning("Cannot notify {Target}: not a host:port address", notification.TargetAddr);
            return;
        }
        try
        {
            using var cts = new CancellationTokenSource(SendTimeout);
            using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(notification.TargetAddr[..separator], port, cts.Token).ConfigureAwait(false);
            await socket.SendAsync(RemotingCommandWriter.ToArray(Request(notification, opaque)), SocketFlags.None, cts.Token).ConfigureAwait(false);
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            log.Warning("Could not notify {Target} of min broker id {MinBrokerId}: {Error}", notification.TargetAddr, notification.MinBrokerId, e.Message);
        }
    }
}
