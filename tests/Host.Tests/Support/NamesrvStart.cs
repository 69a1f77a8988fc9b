using System.Diagnostics;

namespace NameServer.Actors.Host.Tests.Support;

/// <summary>How the process tests start the built <c>namesrv</c>: its KV and config files in a folder of the test's, output redirected.</summary>
internal static class NamesrvStart
{
    public static ProcessStartInfo Info(string folder, IDictionary<string, string>? environment, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList =
            {
                Path.Combine(AppContext.BaseDirectory, "namesrv.dll"),
                $"--kvConfigPath={Path.Combine(folder, "kvConfig.json")}",
                $"--configStorePath={Path.Combine(folder, "namesrv.properties")}",
            },
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }
        return start;
    }
}
