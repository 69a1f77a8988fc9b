using NameServer.Actors.LoadGen;

return await LoadGenCommand.Build(Console.Out, Console.Error).Parse(args).InvokeAsync();
