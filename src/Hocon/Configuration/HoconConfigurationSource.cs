using Microsoft.Extensions.Configuration;

namespace NameServer.Actors.Hocon.Configuration;

/// <summary>A HOCON file as a configuration source (supports file providers, optional files and reload).</summary>
public sealed class HoconConfigurationSource : FileConfigurationSource
{
    /// <summary>How HOCON keys are exposed; Java camelCase by default.</summary>
    public HoconKeyStyle KeyStyle { get; set; } = HoconKeyStyle.JavaCamelCase;

    /// <summary>
    /// HOCON paths whose keys (the root's own and every key below it) are kept exactly as written whatever
    /// <see cref="KeyStyle"/> says. Default <see cref="HoconKeys.DefaultAsWrittenRoots"/> (<c>akka</c>): Akka's keys
    /// are kebab-case (<c>akka.actor.default-dispatcher.throughput</c>) and some carry case that matters (type names).
    /// </summary>
    public IList<string> AsWrittenRoots { get; set; } = [.. HoconKeys.DefaultAsWrittenRoots];

    /// <summary>Environment lookup etc. for the parser; includes resolve next to the file unless set.</summary>
    public HoconParseOptions? ParseOptions { get; set; }

    public override IConfigurationProvider Build(IConfigurationBuilder builder)
    {
        EnsureDefaults(builder);
        return new HoconConfigurationProvider(this);
    }
}

/// <summary>Loads a <see cref="HoconConfigurationSource"/>.</summary>
public sealed class HoconConfigurationProvider : FileConfigurationProvider
{
    public HoconConfigurationProvider(HoconConfigurationSource source)
        : base(source)
    {
    }

    /// <summary>
    /// Parses the stream. Errors surface as <see cref="HoconParseException"/> (wrapped by the base
    /// class in an <see cref="InvalidDataException"/> naming the file).
    /// </summary>
    public override void Load(Stream stream)
    {
        var source = (HoconConfigurationSource)Source;
        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd();

        // With a physical file, includes are relative to it and errors show its full path.
        var physicalPath = source.Path is null ? null : source.FileProvider?.GetFileInfo(source.Path).PhysicalPath;
        var root = HoconParser.Parse(text, physicalPath ?? source.Path, source.ParseOptions);
        Data = HoconConfigurationFlattener.Flatten(root.Value, source.KeyStyle, source.AsWrittenRoots);
    }
}

/// <summary>HOCON text (or an already parsed config) as a configuration source.</summary>
public sealed class HoconTextConfigurationSource : IConfigurationSource
{
    /// <summary>The text to parse; ignored when <see cref="Config"/> is set.</summary>
    public string? Text { get; set; }

    /// <summary>A name for error messages.</summary>
    public string? FileName { get; set; }

    /// <summary>An already parsed (possibly fallback-merged) config.</summary>
    public HoconConfig? Config { get; set; }

    public HoconKeyStyle KeyStyle { get; set; } = HoconKeyStyle.JavaCamelCase;

    /// <summary>HOCON paths whose keys are kept as written; see <see cref="HoconConfigurationSource.AsWrittenRoots"/>.</summary>
    public IList<string> AsWrittenRoots { get; set; } = [.. HoconKeys.DefaultAsWrittenRoots];

    public HoconParseOptions? ParseOptions { get; set; }

    public IConfigurationProvider Build(IConfigurationBuilder builder) => new HoconTextConfigurationProvider(this);
}

/// <summary>Loads a <see cref="HoconTextConfigurationSource"/>.</summary>
public sealed class HoconTextConfigurationProvider(HoconTextConfigurationSource source) : ConfigurationProvider
{
    public override void Load()
    {
        var root = source.Config?.Root
            ?? HoconParser.Parse(source.Text ?? string.Empty, source.FileName, source.ParseOptions).Value;
        Data = HoconConfigurationFlattener.Flatten(root, source.KeyStyle, source.AsWrittenRoots);
    }
}
