using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace NameServer.Actors.Protocol.CustomHeaders;

/// <summary>Collects the first missing required field while a header is parsed.</summary>
internal ref struct RequiredFields
{
    private readonly IReadOnlyDictionary<string, string>? _ext;

    public RequiredFields(IReadOnlyDictionary<string, string>? ext)
    {
        _ext = ext;
        Error = null;
    }

    public string? Error { get; private set; }

    public string String(string name)
    {
        var value = _ext.GetString(name);
        if (value is null)
        {
            Fail(name, "is null");
            return string.Empty;
        }
        return value;
    }

    public long Long(string name)
    {
        var value = _ext.GetLong(name);
        if (value is null)
        {
            Fail(name, _ext.GetString(name) is null ? "is null" : "is not a valid long");
            return 0;
        }
        return value.Value;
    }

    /// <summary>Ends a TryParse: on failure clears <paramref name="header"/> and returns the first problem.</summary>
    public readonly bool Finish<T>(ref T? header, [NotNullWhen(false)] out string? error)
        where T : class
    {
        if (Error is null)
        {
            error = null;
            return true;
        }
        error = Error;
        header = null;
        return false;
    }

    private void Fail(string name, string problem) =>
        Error ??= $"the custom field <{name}> {problem}";
}

/// <summary>Java <c>String.valueOf</c> for the primitive types custom headers carry.</summary>
internal static class JavaText
{
    public static string Of(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Of(bool value) => value ? "true" : "false";
}
