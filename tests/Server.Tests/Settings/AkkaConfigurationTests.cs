using Akka.Actor;
using Akka.Configuration;
using Microsoft.Extensions.Configuration;
using NameServer.Actors.Hocon;
using NameServer.Actors.Hocon.Configuration;
using NameServer.Actors.Server.Settings;

namespace NameServer.Actors.Server.Tests.Settings;

/// <summary>The <c>akka</c> section of the resolved configuration reaching Akka as a <see cref="Config"/>.</summary>
public sealed class AkkaConfigurationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("akka-config-").FullName;
    private readonly string _prefix = "NSA_" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant() + "_";
    private readonly List<string> _variables = [];

    public void Dispose()
    {
        foreach (var name in _variables)
        {
            Environment.SetEnvironmentVariable(name, null);
        }

        Directory.Delete(_dir, recursive: true);
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>Sets a process environment variable with this test's prefix, removed when the test ends.</summary>
    private string SetVariable(string name, string value)
    {
        _variables.Add(_prefix + name);
        Environment.SetEnvironmentVariable(_prefix + name, value);
        return _prefix + name;
    }

    private static string ReferenceConf()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NameServer.Actors.sln")))
            {
                return Path.Combine(dir.FullName, "hocon", "reference.conf");
            }
        }

        throw new InvalidOperationException("NameServer.Actors.sln not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public void Create_hands_strings_ints_booleans_durations_and_lists_to_akka()
    {
        var configuration = new ConfigurationBuilder().AddHoconString("""
            nameserver.listen-port = 9876
            akka {
              loglevel = DEBUG
              log-config-on-start = true
              log-dead-letters-during-shutdown = on
              actor {
                ask-timeout = 10s
                default-dispatcher.throughput = 7
              }
              loggers = ["Akka.Event.DefaultLogger", "Akka.Event.StandardOutLogger"]
              test-numbers = [1, 2, 3]
            }
            """).Build();

        var config = AkkaConfiguration.Create(configuration);

        Assert.Equal("DEBUG", config.GetString("akka.loglevel"));
        Assert.True(config.GetBoolean("akka.log-config-on-start"));
        Assert.True(config.GetBoolean("akka.log-dead-letters-during-shutdown"));
        Assert.Equal(TimeSpan.FromSeconds(10), config.GetTimeSpan("akka.actor.ask-timeout"));
        Assert.Equal(7, config.GetInt("akka.actor.default-dispatcher.throughput"));
        Assert.Equal(["Akka.Event.DefaultLogger", "Akka.Event.StandardOutLogger"], config.GetStringList("akka.loggers"));
        Assert.Equal([1, 2, 3], config.GetIntList("akka.test-numbers"));
        Assert.False(config.HasPath("nameserver"));
    }

    [Fact]
    public void Create_gives_akka_the_reference_conf_section_and_an_actor_system_starts_with_it()
    {
        var configuration = new ConfigurationBuilder().AddHoconFile(ReferenceConf()).Build();

        var config = AkkaConfiguration.Create(configuration);
        using var system = ActorSystem.Create("reference", config);

        Assert.Equal("INFO", config.GetString("akka.loglevel"));
        Assert.Equal("local", config.GetString("akka.actor.provider"));
        Assert.Equal(30, config.GetInt("akka.actor.default-dispatcher.throughput"));
        Assert.Equal(0, config.GetInt("akka.remote.dot-netty.tcp.port"));
        Assert.Equal("INFO", system.Settings.LogLevel);
        Assert.Equal("WARNING", system.Settings.StdoutLogLevel);
        Assert.Equal(10, system.Settings.LogDeadLetters);
        Assert.False(system.Settings.LogDeadLettersDuringShutdown);
        Assert.Equal(TimeSpan.FromMinutes(5), system.Settings.LogDeadLettersSuspendDuration);
        Assert.IsType<LocalActorRefProvider>(((ExtendedActorSystem)system).Provider);
    }

    [Fact]
    public void Create_applies_an_upper_case_environment_override_under_the_reference_spelling()
    {
        SetVariable("AKKA__LOGLEVEL", "DEBUG");
        SetVariable("AKKA__ACTOR__DEFAULT-DISPATCHER__THROUGHPUT", "5");
        SetVariable("AKKA__ACTOR__ASK-TIMEOUT", "3s");
        var configuration = new ConfigurationBuilder()
            .AddHoconFile(ReferenceConf())
            .AddEnvironmentVariables(_prefix)
            .Build();

        var config = AkkaConfiguration.Create(configuration);
        using var system = ActorSystem.Create("environment", config);

        Assert.Equal("DEBUG", config.GetString("akka.loglevel"));
        Assert.Equal(5, config.GetInt("akka.actor.default-dispatcher.throughput"));
        Assert.Equal("DEBUG", system.Settings.LogLevel);
        // Only the environment lists ask-timeout: lower-cased, as Akka spells its keys.
        Assert.Equal(TimeSpan.FromSeconds(3), config.GetTimeSpan("akka.actor.ask-timeout"));
        Assert.Equal(TimeSpan.FromSeconds(3), system.Settings.AskTimeout);
        Assert.DoesNotContain("LOGLEVEL", AkkaConfiguration.ToJson(configuration), StringComparison.Ordinal);
    }

    [Fact]
    public void Create_spells_a_key_as_the_earliest_provider_that_lists_it()
    {
        var configuration = new ConfigurationBuilder()
            .AddHoconString("""akka.actor.serialization-bindings { "MyApp.Messages.Ping, MyApp" = json }""")
            .AddCommandLine(["--AKKA:Actor:Serialization-Bindings:myapp.messages.ping, myapp=hyperion", "--akka:actor:Extra-Key=x"])
            .Build();

        var config = AkkaConfiguration.Create(configuration);

        var binding = Assert.Single(config.GetConfig("akka.actor.serialization-bindings").AsEnumerable());
        Assert.Equal("MyApp.Messages.Ping, MyApp", binding.Key);
        Assert.Equal("hyperion", binding.Value.GetString());
        Assert.Equal("x", config.GetString("akka.actor.Extra-Key"));
    }

    [Fact]
    public void Create_takes_spellings_from_a_configuration_added_inside_another()
    {
        var inner = new ConfigurationBuilder().AddHoconString("akka.actor.default-dispatcher.throughput = 30").Build();
        SetVariable("AKKA__ACTOR__DEFAULT-DISPATCHER__THROUGHPUT", "9");
        var configuration = new ConfigurationBuilder().AddConfiguration(inner).AddEnvironmentVariables(_prefix).Build();

        var json = AkkaConfiguration.ToJson(configuration);

        Assert.Contains("\"default-dispatcher\"", json, StringComparison.Ordinal);
        Assert.Equal(9, AkkaConfiguration.Create(configuration).GetInt("akka.actor.default-dispatcher.throughput"));
    }

    [Fact]
    public void Create_gives_akka_resolved_values_of_a_file_using_include_optional_variables_and_a_self_reference()
    {
        // Akka's own reader throws on include and ${?VAR} and overflows the stack on the self-reference; ours resolves
        // them, so Akka only ever sees the values.
        var set = SetVariable("LOGLEVEL", "DEBUG");
        var unset = _prefix + "NOT_SET";
        Write("dispatchers.conf", "akka.actor.default-dispatcher.throughput = 3");
        var file = Write("namesrv.conf", $$"""
            include "dispatchers.conf"
            akka {
              loglevel = INFO
              loglevel = ${?{{set}}}
              stdout-loglevel = ERROR
              stdout-loglevel = ${?{{unset}}}
              test-list = [1]
              test-list = ${akka.test-list} [2]
              actor.ask-timeout = 4s
              actor.creation-timeout = ${akka.actor.ask-timeout}
            }
            """);
        var configuration = new ConfigurationBuilder().AddHoconFile(ReferenceConf()).AddHoconFile(file).Build();

        var config = AkkaConfiguration.Create(configuration);
        using var system = ActorSystem.Create("resolved", config);

        Assert.Equal(3, config.GetInt("akka.actor.default-dispatcher.throughput"));
        Assert.Equal("DEBUG", config.GetString("akka.loglevel"));
        Assert.Equal("ERROR", config.GetString("akka.stdout-loglevel"));
        Assert.Equal([1, 2], config.GetIntList("akka.test-list"));
        Assert.Equal(TimeSpan.FromSeconds(4), config.GetTimeSpan("akka.actor.creation-timeout"));
        Assert.Equal("DEBUG", system.Settings.LogLevel);
        Assert.Equal(TimeSpan.FromSeconds(4), system.Settings.CreationTimeout);
    }

    [Fact]
    public void Our_reader_refuses_a_malformed_akka_file_with_its_position()
    {
        var file = Write("broken.conf", "akka {\n  loglevel = DEBUG\n  actor { provider = \n");
        var builder = new ConfigurationBuilder().AddHoconFile(ReferenceConf()).AddHoconFile(file);

        var error = Assert.Throws<InvalidDataException>(() => builder.Build());

        var parse = Assert.IsType<HoconParseException>(error.InnerException);
        Assert.Equal(file, parse.FileName);
        Assert.StartsWith($"{file}:", parse.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_passes_substitution_and_include_text_to_akka_as_plain_strings()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["akka:text:substitution"] = "${HOME}",
            ["akka:text:optional"] = "${?HOME} and \"quotes\", \\ back\nslash é",
            ["akka:text:include"] = "include \"other.conf\"",
            ["akka:include"] = "x",
        }).Build();

        var config = AkkaConfiguration.Create(configuration);

        Assert.Equal("${HOME}", config.GetString("akka.text.substitution"));
        Assert.Equal("${?HOME} and \"quotes\", \\ back\nslash é", config.GetString("akka.text.optional"));
        Assert.Equal("include \"other.conf\"", config.GetString("akka.text.include"));
        Assert.Equal("x", config.GetString("akka.include"));
    }

    [Fact]
    public void Create_builds_arrays_only_from_indexes_zero_to_n_and_leaves_null_values_to_akka()
    {
        var configuration = new ConfigurationBuilder()
            .AddHoconString("akka { loggers = [a, b], gap { 0 = x, 2 = y }, padded { 01 = z }, deployment {}, empty = [], unset = null }")
            .Build();

        var json = AkkaConfiguration.ToJson(configuration);
        var config = AkkaConfiguration.Create(configuration);

        Assert.Equal(["a", "b"], config.GetStringList("akka.loggers"));
        Assert.Equal("y", config.GetString("akka.gap.2"));
        Assert.Equal("z", config.GetString("akka.padded.01"));
        Assert.DoesNotContain("deployment", json, StringComparison.Ordinal);
        Assert.DoesNotContain("empty", json, StringComparison.Ordinal);
        Assert.DoesNotContain("unset", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_returns_an_empty_config_without_an_akka_section()
    {
        var configuration = new ConfigurationBuilder().AddHoconString("nameserver.listen-port = 1").Build();

        Assert.Equal("{}", AkkaConfiguration.ToJson(configuration));
        Assert.False(AkkaConfiguration.Create(configuration).HasPath("akka"));
    }

    [Fact]
    public void Create_refuses_a_key_with_both_a_value_and_keys_below_it()
    {
        var configuration = new ConfigurationBuilder()
            .AddHoconString("akka.log-dead-letters = 10")
            .AddCommandLine(["--akka:log-dead-letters:count=3"])
            .Build();

        var error = Assert.Throws<FormatException>(() => AkkaConfiguration.Create(configuration));

        Assert.Contains("akka:log-dead-letters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToProperties_lists_every_value_by_its_hocon_path_sorted()
    {
        var configuration = new ConfigurationBuilder()
            .AddHoconString("""
                akka {
                  loglevel = INFO
                  loggers = [a, b]
                  actor.serialization-bindings { "MyApp.Ping, MyApp" = json }
                  actor.provider = local
                  actor.deployment {}
                }
                """)
            .Build();

        var lines = AkkaConfiguration.ToProperties(configuration).Select(p => $"{p.Key}={p.Value}");

        Assert.Equal(
            [
                "akka.actor.provider=local",
                "akka.actor.serialization-bindings.\"MyApp.Ping, MyApp\"=json",
                "akka.loggers.0=a",
                "akka.loggers.1=b",
                "akka.loglevel=INFO",
            ],
            lines);
    }

    [Fact]
    public void ToProperties_paths_parse_back_to_the_configuration_keys()
    {
        var configuration = new ConfigurationBuilder().AddHoconString("""akka.actor.serialization-bindings { "A.B, C" = json }""").Build();

        var (path, _) = Assert.Single(AkkaConfiguration.ToProperties(configuration));

        Assert.Equal(["akka", "actor", "serialization-bindings", "A.B, C"], HoconPath.Parse(path));
    }
}
