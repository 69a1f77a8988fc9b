using Akka.Actor;
using NameServer.Actors.Client.Akka;
using NameServer.Actors.Contracts;

namespace NameServer.Actors.AkkaRemoteClient;

/// <summary>The application's actor: prints what the NameServer client tells it, one line per event.</summary>
internal sealed class RoutePrinter : ReceiveActor
{
    public RoutePrinter(TextWriter output)
    {
        Receive<NameServerConnected>(m => Print(output, $"connected to {m.Gateway}"));
        Receive<NameServerLost>(m => Print(output, $"lost {m.Gateway}: {m.Reason}; failing over"));
        Receive<TopicRouteChanged>(m => Print(output, $"route {m.Topic}: {Describe(m.Route)}"));
        Receive<TopicRoutesSubscribed>(_ => { });
    }

    public static Props Props(TextWriter output) => Akka.Actor.Props.Create(() => new RoutePrinter(output));

    /// <summary>One line: each broker group with its members and queues, or <c>none</c>.</summary>
    public static string Describe(TopicRoute? route)
    {
        if (route is null)
        {
            return "none";
        }
        var groups = route.BrokerDatas.OrderBy(b => b.BrokerName, StringComparer.Ordinal).Select(broker =>
        {
            var members = string.Join(",", broker.BrokerAddrs.OrderBy(a => a.Key).Select(a => $"{a.Key}={a.Value}"));
            var queues = route.QueueDatas.FirstOrDefault(q => q.BrokerName == broker.BrokerName);
            var queueText = queues is null ? "no queues" : $"r{queues.ReadQueueNums}/w{queues.WriteQueueNums} perm {queues.Perm}";
            return $"{broker.Cluster}/{broker.BrokerName} [{members}] {queueText}";
        });
        return string.Join("; ", groups);
    }

    private static void Print(TextWriter output, string line) => output.WriteLine($"[{DateTimeOffset.Now:HH:mm:ss.fff}] {line}");
}
