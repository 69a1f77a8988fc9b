using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;

namespace NameServer.Actors.Hocon.Configuration;

/// <summary>
/// Adds HOCON sources to a configuration builder. Later sources win, so
/// <c>AddHoconFile("hocon/reference.conf").AddHoconFile(userFile, optional: true)
/// .AddEnvironmentVariables().AddCommandLine(args)</c> is the usual fallback chain.
/// </summary>
public static class HoconConfigurationBuilderExtensions
{
    public static IConfigurationBuilder AddHoconFile(this IConfigurationBuilder builder, string path, bool optional = false, bool reloadOnChange = false) =>
        builder.AddHoconFile(provider: null, path, optional, reloadOnChange);

    public static IConfigurationBuilder AddHoconFile(
        this IConfigurationBuilder builder,
        IFileProvider? provider,
        string path,
        bool optional = false,
        bool reloadOnChange = false)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(path);
        return builder.AddHoconFile(source =>
        {
            source.FileProvider = provider;
            source.Path = path;
            source.Optional = optional;
            source.ReloadOnChange = reloadOnChange;
            source.ResolveFileProvider();
        });
    }

    public static IConfigurationBuilder AddHoconFile(this IConfigurationBuilder builder, Action<HoconConfigurationSource> configureSource)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Add(configureSource);
    }

    /// <summary>Adds HOCON text; <paramref name="fileName"/> is only used in error messages and for includes.</summary>
    public static IConfigurationBuilder AddHoconString(
        this IConfigurationBuilder builder,
        string text,
        string? fileName = null,
        HoconKeyStyle keyStyle = HoconKeyStyle.JavaCamelCase)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(text);
        return builder.Add(new HoconTextConfigurationSource { Text = text, FileName = fileName, KeyStyle = keyStyle });
    }

    /// <summary>Adds a parsed config, e.g. <c>user.WithFallback(reference)</c> built with <see cref="HoconConfig"/>.</summary>
    public static IConfigurationBuilder AddHoconConfig(
        this IConfigurationBuilder builder,
        HoconConfig config,
        HoconKeyStyle keyStyle = HoconKeyStyle.JavaCamelCase)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(config);
        return builder.Add(new HoconTextConfigurationSource { Config = config, KeyStyle = keyStyle });
    }
}
