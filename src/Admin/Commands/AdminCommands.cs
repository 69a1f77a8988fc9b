using System.CommandLine;

namespace NameServer.Actors.Admin.Commands;

/// <summary>
/// Every subcommand, in the order <c>nsadmin --help</c> lists them. Each family lives in its own file; those mqadmin
/// sends to every NameServer of <c>-n</c> do too, and report each one.
/// </summary>
internal static class AdminCommands
{
    public static IEnumerable<Command> All(CommonOptions common)
    {
        yield return ClusterCommands.ClusterList(common);
        yield return TopicCommands.TopicRoute(common);
        yield return TopicCommands.TopicList(common);
        yield return ClusterCommands.TopicClusterList(common);
        yield return TopicCommands.DeleteTopic(common);
        yield return KvCommands.UpdateKvConfig(common);
        yield return KvCommands.DeleteKvConfig(common);
        yield return KvCommands.GetKvConfig(common);
        yield return KvCommands.GetKvList(common);
        yield return KvCommands.UpdateOrderConf(common);
        yield return NamesrvConfigCommands.GetNamesrvConfig(common);
        yield return NamesrvConfigCommands.UpdateNamesrvConfig(common);
        yield return WritePermCommands.WipeWritePerm(common);
        yield return WritePermCommands.AddWritePerm(common);
        yield return CompareRoutesCommands.CompareRoutes(common);
    }
}
