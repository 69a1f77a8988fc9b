using NameServer.Actors.Admin;

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // Let the command end cleanly (exit code 130) instead of killing the process mid-request.
    e.Cancel = true;
    stop.Cancel();
};
return await NsAdmin.RunAsync(args, Console.Out, Console.Error, new NsAdminSettings(), stop.Token);
