namespace NameServer.Actors.Protocol.Headers;

/// <summary>The sender's language (<c>LanguageCode.java</c>); JSON carries the name, binary the byte.</summary>
public enum LanguageCode : byte
{
    JAVA = 0,
    CPP = 1,
    DOTNET = 2,
    PYTHON = 3,
    DELPHI = 4,
    ERLANG = 5,
    RUBY = 6,
    OTHER = 7,
    HTTP = 8,
    GO = 9,
    PHP = 10,
    OMS = 11,
    RUST = 12,

    /// <summary>5.x only.</summary>
    NODE_JS = 13,
}

/// <summary>Name/ordinal lookups without reflection or allocation.</summary>
public static class LanguageCodes
{
    private static readonly string[] _names =
    [
        "JAVA", "CPP", "DOTNET", "PYTHON", "DELPHI", "ERLANG", "RUBY", "OTHER", "HTTP", "GO", "PHP", "OMS", "RUST", "NODE_JS",
    ];

    public static string Name(LanguageCode code) =>
        (int)code < _names.Length ? _names[(int)code] : throw new ArgumentOutOfRangeException(nameof(code));

    /// <summary>Exact (case-sensitive, like Java's <c>valueOf</c>) name lookup; null when unknown.</summary>
    public static LanguageCode? FromName(string name)
    {
        for (var i = 0; i < _names.Length; i++)
        {
            if (_names[i] == name)
            {
                return (LanguageCode)i;
            }
        }
        return null;
    }

    /// <summary>Exact name lookup on raw UTF-8 bytes, without allocating; null when unknown.</summary>
    public static LanguageCode? FromName(ReadOnlySpan<byte> utf8Name)
    {
        for (var i = 0; i < _names.Length; i++)
        {
            var name = _names[i];
            if (name.Length != utf8Name.Length)
            {
                continue;
            }
            var match = true;
            for (var k = 0; k < name.Length && match; k++)
            {
                match = utf8Name[k] == name[k];
            }
            if (match)
            {
                return (LanguageCode)i;
            }
        }
        return null;
    }

    /// <summary>Ordinal lookup; null when unknown.</summary>
    public static LanguageCode? FromOrdinal(long ordinal) =>
        ordinal >= 0 && ordinal < _names.Length ? (LanguageCode)ordinal : null;
}
