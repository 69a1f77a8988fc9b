using Microsoft.Extensions.Configuration;
using NameServer.Actors.Routing.Config;

namespace NameServer.Actors.Routing.Tests.Config;

/// <summary>The reference.conf embedded in the library: the one place where defaults are written.</summary>
public sealed class NameServerReferenceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("reference-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string RepositoryFile(string path)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NameServer.Actors.sln")))
            {
                return Path.Combine(dir.FullName, path);
            }
        }
        throw new InvalidOperationException("NameServer.Actors.sln not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public void Text_is_the_repository_reference_conf_when_embedded()
    {
        Assert.Equal(File.ReadAllText(RepositoryFile("hocon/reference.conf")), NameServerReference.Text);
    }

    [Fact]
    public void Build_loads_the_nameserver_and_akka_sections_with_their_key_spelling()
    {
        var configuration = NameServerReference.Build();

        Assert.Equal("9876", configuration["nameserver:listenPort"]);
        Assert.Equal("10s", configuration["nameserver:scanNotActiveBrokerInterval"]);
        Assert.Equal("30", configuration["akka:actor:default-dispatcher:throughput"]);
    }

    [Fact]
    public void Under_gives_every_default_a_configuration_does_not_set()
    {
        var configuration = NameServerReference.Under(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["nameserver:listenPort"] = "10000" })
            .Build());

        Assert.Equal("10000", configuration["nameserver:listenPort"]);
        Assert.Equal("127.0.0.1", configuration["nameserver:bindAddress"]);
        Assert.Equal("INFO", configuration["akka:loglevel"]);
    }

    [Fact]
    public void AddNameServerHoconFile_keeps_access_keys_and_akka_keys_as_written_when_they_have_dashes()
    {
        var file = Path.Combine(_dir, "namesrv.conf");
        File.WriteAllText(file, """
            nameserver {
              listen-port = 10000
              security.credentials { ak-1 = "secret-1", "Ops.Key" = "s2" }
            }
            akka.actor.default-dispatcher.throughput = 5
            """);

        var configuration = new ConfigurationBuilder().AddNameServerHoconFile(file).Build();

        Assert.Equal("10000", configuration["nameserver:listenPort"]);
        Assert.Equal(
            ["Ops.Key", "ak-1"],
            configuration.GetSection("nameserver:security:credentials").GetChildren().Select(c => c.Key).Order(StringComparer.Ordinal));
        Assert.Equal("5", configuration["akka:actor:default-dispatcher:throughput"]);
    }
}
