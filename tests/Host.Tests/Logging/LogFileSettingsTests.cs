using Microsoft.Extensions.Configuration;
using NameServer.Actors.Routing.Config;
using NameServer.Actors.Server;
using NameServer.Actors.Server.Observability;

namespace NameServer.Actors.Host.Tests.Logging;

/// <summary>The <c>nameserver.log-file</c> settings: defaults from reference.conf, overrides, and refused values.</summary>
public sealed class LogFileSettingsTests
{
    private static LogFileSettings Load(params string[] args)
    {
        var command = NameServerConfiguration.ParseArgs([.. args, "--configStorePath=" + Path.Combine(Path.GetTempPath(), "none-" + Guid.NewGuid().ToString("N"))]);
        return NameServerSettings.Create(NameServerConfiguration.Build(command)).LogFile;
    }

    [Fact]
    public void Create_reads_the_defaults_of_reference_conf_off_and_in_javas_place_when_nothing_is_given()
    {
        var settings = Load();

        Assert.False(settings.Enabled);
        var home = Environment.GetEnvironmentVariable("HOME") ?? Environment.GetEnvironmentVariable("USERPROFILE") ?? ".";
        Assert.Equal(Path.GetFullPath(Path.Combine(home, "logs", "rocketmqlogs", "namesrv.log")), settings.Path);
        Assert.Equal(100L * 1024 * 1024, settings.MaxFileSize);
        Assert.Equal(LogRollingInterval.Day, settings.RollingInterval);
        Assert.Equal(7, settings.RetainedFileCount);
    }

    [Fact]
    public void Create_takes_command_line_overrides_of_every_key()
    {
        var settings = Load(
            "--nameserver:logFile:enabled=true",
            "--nameserver:logFile:path=/var/log/namesrv/namesrv.log",
            "--nameserver:logFile:maxFileSize=10MB",
            "--nameserver:logFile:rollingInterval=HOUR",
            "--nameserver:logFile:retainedFileCount=3");

        Assert.Equal(
            new LogFileSettings
            {
                Enabled = true,
                Path = Path.GetFullPath("/var/log/namesrv/namesrv.log"),
                MaxFileSize = 10_000_000,
                RollingInterval = LogRollingInterval.Hour,
                RetainedFileCount = 3,
            },
            settings);
    }

    [Fact]
    public void Create_takes_the_hocon_block_of_a_c_file()
    {
        var file = Path.Combine(Path.GetTempPath(), $"logfile-{Guid.NewGuid():N}.conf");
        File.WriteAllText(file, "nameserver.log-file { enabled = true, rolling-interval = infinite, max-file-size = 1KiB }");
        try
        {
            var settings = Load("-c", file);

            Assert.True(settings.Enabled);
            Assert.Equal(LogRollingInterval.Infinite, settings.RollingInterval);
            Assert.Equal(1024, settings.MaxFileSize);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("enabled=maybe", "logFile.enabled ")]
    [InlineData("path=/var/log/namesrv/", "logFile.path ")]
    [InlineData("maxFileSize=0", "logFile.maxFileSize ")]
    [InlineData("maxFileSize=-5MiB", "logFile.maxFileSize ")]
    [InlineData("maxFileSize=lots", "logFile.maxFileSize ")]
    [InlineData("rollingInterval=fortnight", "logFile.rollingInterval ")]
    [InlineData("rollingInterval=3", "logFile.rollingInterval ")]
    [InlineData("retainedFileCount=0", "logFile.retainedFileCount ")]
    [InlineData("retainedFileCount=-1", "logFile.retainedFileCount ")]
    [InlineData("retainedFileCount=2.5", "logFile.retainedFileCount ")]
    public void Create_refuses_an_unusable_value_with_one_line_naming_the_key(string setting, string start)
    {
        var problem = Assert.Throws<SettingsException>(() => Load("--nameserver:logFile:" + setting));

        Assert.StartsWith(start, problem.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', problem.Message);
    }

    [Fact]
    public void Create_names_a_missing_key_when_the_configuration_lacks_it()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["nameserver:logFile:enabled"] = "false",
        }).Build();

        var problem = Assert.Throws<SettingsException>(() => LogFileSettings.Create(configuration.GetSection("nameserver")));

        Assert.StartsWith("logFile.path has no value", problem.Message, StringComparison.Ordinal);
    }
}
