using Akka.Actor;
using Akka.Configuration;
using AkkaConfig = Akka.Configuration.Config;

namespace NameServer.Actors.Routing.Observability;

/// <summary>
/// The Akka configuration the routing actors look for: one <see cref="CountingMailbox"/> id per actor kind. A system
/// created by the NameServer has it (as a fallback of its own configuration); another system gets it by adding
/// <see cref="Default"/> (or <see cref="Hocon"/>) to its configuration. Without it the actors run on the default
/// mailbox and are not counted per kind.
/// </summary>
public static class RoutingConfig
{
    /// <summary>The configuration path under which every mailbox id lives.</summary>
    public const string MailboxesPath = "nameserver-actors.mailboxes";

    /// <summary>The HOCON text of <see cref="Default"/>.</summary>
    public const string Hocon = """
        nameserver-actors.mailboxes {
          nameserver-root { mailbox-type = "NameServer.Actors.Routing.Observability.CountingMailbox, NameServer.Actors.Routing", kind = NameServerRoot }
          route-table { mailbox-type = "NameServer.Actors.Routing.Observability.CountingMailbox, NameServer.Actors.Routing", kind = RouteTable }
          broker-sessions { mailbox-type = "NameServer.Actors.Routing.Observability.CountingMailbox, NameServer.Actors.Routing", kind = BrokerSessions }
          broker-session { mailbox-type = "NameServer.Actors.Routing.Observability.CountingMailbox, NameServer.Actors.Routing", kind = BrokerSession }
          kv-config { mailbox-type = "NameServer.Actors.Routing.Observability.CountingMailbox, NameServer.Actors.Routing", kind = KvConfig }
          namesrv-config { mailbox-type = "NameServer.Actors.Routing.Observability.CountingMailbox, NameServer.Actors.Routing", kind = NamesrvConfig }
          min-broker-id-notifier { mailbox-type = "NameServer.Actors.Routing.Observability.CountingMailbox, NameServer.Actors.Routing", kind = MinBrokerIdNotifier }
          nameserver-gateway { mailbox-type = "NameServer.Actors.Routing.Observability.CountingMailbox, NameServer.Actors.Routing", kind = NameServerGateway }
        }
        """;

    /// <summary>The mailbox ids of the NameServer's actors.</summary>
    public static AkkaConfig Default { get; } = ConfigurationFactory.ParseString(Hocon);

    /// <summary>The mailbox id of an actor kind (the names under <see cref="MailboxesPath"/>, e.g. <c>route-table</c>).</summary>
    public static string MailboxId(string name) => MailboxesPath + "." + name;

    /// <summary><paramref name="props"/> on the counting mailbox <paramref name="name"/> when <paramref name="system"/>'s configuration has it; unchanged otherwise.</summary>
    public static Props WithCountingMailbox(this Props props, ActorSystem system, string name)
    {
        ArgumentNullException.ThrowIfNull(props);
        ArgumentNullException.ThrowIfNull(system);
        var id = MailboxId(name);
        return system.Settings.Config.HasPath(id) ? props.WithMailbox(id) : props;
    }
}
