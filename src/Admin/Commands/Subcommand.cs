using System.CommandLine;
using NameServer.Actors.Client;
using NameServer.Actors.Protocol;

namespace NameServer.Actors.Admin.Commands;

/// <summary>What every command family builds its subcommands and failures with.</summary>
internal static class Subcommand
{
    /// <summary>A subcommand whose body runs with a client for <c>-n</c> (<see cref="NsAdmin.ExecuteAsync"/>).</summary>
    public static Command Make(
        CommonOptions common,
        string name,
        string description,
        Option[] options,
        Func<CommandContext, ParseResult, Task<int>> body)
    {
        var command = new Command(name, description);
        foreach (var option in options)
        {
            command.Options.Add(option);
        }
        command.SetAction((parse, ct) => NsAdmin.ExecuteAsync(common, parse, ct, ctx => body(ctx, parse)));
        return command;
    }

    public static Command Make(
        CommonOptions common,
        string name,
        string description,
        Option[] options,
        Func<CommandContext, Task<int>> body) =>
        Make(common, name, description, options, (ctx, _) => body(ctx));

    public static Option<string> Text(string name, string alias, string description, bool required = true) =>
        new(name, alias) { Description = description, Required = required };

    public static AdminException ClusterNotFound(CommandContext ctx, string cluster) =>
        new($"cluster '{cluster}' is not known to NameServer {ctx.Client.CurrentAddress}.", ExitCodes.NotFound);

    /// <summary>The client maps QUERY_NOT_FOUND to null; report it as the code the server sent.</summary>
    public static NameServerException NotFound(CommandContext ctx, string remark) =>
        new(ctx.Client.CurrentAddress ?? string.Join(';', ctx.Client.Addresses), ResponseCode.QueryNotFound, remark);
}
