using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace NameServer.Actors.Server.Tests.Hosting;

/// <summary>A host builder for the embedding tests: free ports, and the KV and config files in the test's folder.</summary>
internal static class TestHost
{
    public static HostApplicationBuilder Builder(string folder, params (string Key, string Value)[] configuration)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(configuration
            .Prepend(("nameserver:listenPort", "0"))
            .Prepend(("nameserver:httpPort", "0"))
            .Append(("nameserver:kvConfigPath", Path.Combine(folder, "kv.json")))
            .Append(("nameserver:configStorePath", Path.Combine(folder, "ns.properties")))
            .Select(c => new KeyValuePair<string, string?>(c.Item1, c.Item2)));
        return builder;
    }
}
