namespace NameServer.Actors.Protocol.Json;

/// <summary>The two ways a Java NameServer serializes JSON bodies (<c>docs/PROTOCOL.md</c>, "JSON bodies").</summary>
public enum JsonMode
{
    /// <summary>fastjson defaults: bare integer map keys, maps in given order, raw UTF-8, <c>/</c> unescaped.</summary>
    Legacy,

    /// <summary>
    /// BrowserCompatible + MapSortField: quoted integer keys, map entries sorted by key, non-ASCII as <c>\uXXXX</c>,
    /// <c>/</c> as <c>\/</c>, longs beyond ±2^53-1 written as strings.
    /// </summary>
    Standard,
}
