using Microsoft.Extensions.Configuration;
using NameServer.Actors.Hocon.Configuration;

namespace NameServer.Actors.Routing.Config;

/// <summary>
/// <c>hocon/reference.conf</c>, embedded in this assembly: the one place where every default of the NameServer (its
/// <c>nameserver</c> section) and of its Akka settings (the <c>akka</c> section) is written. Settings are read from a
/// configuration layered over it, so a configuration that sets one key gets every other default.
/// </summary>
public static class NameServerReference
{
    /// <summary>The manifest resource name of the embedded file.</summary>
    public const string ResourceName = "NameServer.Actors.Routing.reference.conf";

    /// <summary>
    /// HOCON paths whose keys keep their spelling in the configuration (no kebab-case to camelCase): Akka's settings,
    /// which Akka reads by their HOCON names, and the access keys of <c>nameserver.security.credentials</c>, which
    /// are names chosen by operators (<c>ak-1</c> must not become <c>ak1</c>).
    /// </summary>
    public static IReadOnlyList<string> AsWrittenRoots { get; } = [.. HoconKeys.DefaultAsWrittenRoots, "nameserver.security.credentials"];

    /// <summary>The text of the embedded <c>reference.conf</c>.</summary>
    public static string Text { get; } = Read();

    /// <summary>Adds the embedded <c>reference.conf</c> (usually first: later sources win).</summary>
    public static IConfigurationBuilder AddNameServerReference(this IConfigurationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Add(new HoconTextConfigurationSource { Text = Text, FileName = "reference.conf", AsWrittenRoots = [.. AsWrittenRoots] });
    }

    /// <summary>Adds a HOCON file with the NameServer's key spelling (<see cref="AsWrittenRoots"/>).</summary>
    public static IConfigurationBuilder AddNameServerHoconFile(this IConfigurationBuilder builder, string path)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(path);
        return builder.AddHoconFile(source =>
        {
            source.Path = path;
            source.AsWrittenRoots = [.. AsWrittenRoots];
            source.ResolveFileProvider();
        });
    }

    /// <summary>
    /// <paramref name="configuration"/> layered over the embedded <c>reference.conf</c>: what it sets wins, every
    /// other key has its default. A configuration that already starts with the reference is unchanged by it.
    /// </summary>
    public static IConfigurationRoot Under(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new ConfigurationBuilder().AddNameServerReference().AddConfiguration(configuration).Build();
    }

    /// <summary>The embedded reference alone.</summary>
    public static IConfigurationRoot Build() => new ConfigurationBuilder().AddNameServerReference().Build();

    private static string Read()
    {
        using var stream = typeof(NameServerReference).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"{ResourceName} is not embedded in {typeof(NameServerReference).Assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
