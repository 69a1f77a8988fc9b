using System.Buffers.Text;
using System.Text;
using NameServer.Actors.Protocol.Json;
using NameServer.Actors.Protocol.Model;

namespace NameServer.Actors.Protocol.Bodies;

/// <summary>
/// Reads one <c>topicConfigTable</c> entry straight from the cursor, with the body rules of <see cref="BodyDecoder"/>
/// (Java's field defaults, lenient values, the last of duplicate members wins). A 10,000-topic registration arrives every 30 s from every broker, so the
/// common shapes (plain numbers, unescaped strings, <c>true</c>/<c>false</c>, <c>{}</c>) allocate nothing but the
/// <see cref="TopicConfig"/> itself; anything else is parsed as a <see cref="JsonNode"/> and converted exactly as the
/// tree reader does, so leniency and error messages stay the same.
/// </summary>
internal static class TopicConfigStreamReader
{
    private const int Depth = 4;

    private static readonly IReadOnlyDictionary<string, string> s_noAttributes = new Dictionary<string, string>();

    private enum Field
    {
        Other,
        TopicName,
        ReadQueueNums,
        WriteQueueNums,
        Perm,
        TopicFilterType,
        TopicSysFlag,
        Order,
        Attributes,
    }

    /// <summary>
    /// Reads the object at the cursor; errors name the entry as <paramref name="tablePath"/>.<paramref name="topicKey"/>
    /// (built only then: this runs once per topic).
    /// </summary>
    public static TopicConfig Read(ref JsonCursor cursor, string topicKey, string tablePath)
    {
        var path = new EntryPath(tablePath, topicKey);
        string? name = null;
        int? read = null, write = null, perm = null, sysFlag = null;
        string? filterType = null;
        bool? order = null;
        IReadOnlyDictionary<string, string>? attributes = null;
        // The tree reader converts only the last of duplicate members, in a fixed order: so does this one, by keeping
        // a conversion error per field until the object ends (a later duplicate clears it).
        BodyFormatException?[]? errors = null;
        var first = true;
        while (cursor.NextMemberRaw(ref first, out var rawKey, out var decodedKey))
        {
            var field = decodedKey is null ? Match(rawKey) : Match(decodedKey);
            try
            {
                switch (field)
                {
                    case Field.TopicName:
                        name = ReadString(ref cursor, topicKey, path, "topicName");
                        break;
                    case Field.ReadQueueNums:
                        read = ReadInt32(ref cursor, path, "readQueueNums");
                        break;
                    case Field.WriteQueueNums:
                        write = ReadInt32(ref cursor, path, "writeQueueNums");
                        break;
                    case Field.Perm:
                        perm = ReadInt32(ref cursor, path, "perm");
                        break;
                    case Field.TopicSysFlag:
                        sysFlag = ReadInt32(ref cursor, path, "topicSysFlag");
                        break;
                    case Field.TopicFilterType:
                        filterType = ReadFilterType(ref cursor, path);
                        break;
                    case Field.Order:
                        order = ReadBoolean(ref cursor, path);
                        break;
                    case Field.Attributes:
                        attributes = ReadAttributes(ref cursor, path);
                        break;
                    default:
                        cursor.SkipValue(Depth);
                        break;
                }
                if (errors is not null)
                {
                    errors[(int)field] = null;
                }
            }
            catch (BodyFormatException e)
            {
                (errors ??= new BodyFormatException?[s_checkOrder.Length + 1])[(int)field] = e;
            }
        }
        if (errors is not null)
        {
            foreach (var field in s_checkOrder)
            {
                if (errors[(int)field] is { } error)
                {
                    throw error;
                }
                if (field == Field.TopicFilterType)
                {
                    CheckFilterType(filterType, path);
                }
            }
        }
        filterType ??= TopicConfig.SingleTag;
        CheckFilterType(filterType, path);
        return new TopicConfig(
            name ?? topicKey,
            read ?? BodyDecoder.DefaultQueueNums,
            write ?? BodyDecoder.DefaultQueueNums,
            perm ?? Protocol.Perm.ReadWrite,
            filterType,
            sysFlag ?? 0,
            order ?? false,
            attributes);
    }

    // Which error is reported when several fields are wrong: the order in which the tree reader converted them.
    private static readonly Field[] s_checkOrder =
    [
        Field.Attributes, Field.TopicFilterType, Field.TopicName, Field.ReadQueueNums, Field.WriteQueueNums, Field.Perm,
        Field.TopicSysFlag, Field.Order,
    ];

    private static void CheckFilterType(string? filterType, EntryPath path)
    {
        if (filterType is not null and not TopicConfig.SingleTag and not TopicConfig.MultiTag)
        {
            throw new BodyFormatException($"{path}.topicFilterType: unknown value '{filterType}'.");
        }
    }

    private readonly record struct EntryPath(string Table, string Topic)
    {
        public override string ToString() => $"{Table}.{Topic}";
    }

    private static Field Match(ReadOnlySpan<byte> key) => key switch
    {
        _ when key.SequenceEqual("topicName"u8) => Field.TopicName,
        _ when key.SequenceEqual("readQueueNums"u8) => Field.ReadQueueNums,
        _ when key.SequenceEqual("writeQueueNums"u8) => Field.WriteQueueNums,
        _ when key.SequenceEqual("perm"u8) => Field.Perm,
        _ when key.SequenceEqual("topicFilterType"u8) => Field.TopicFilterType,
        _ when key.SequenceEqual("topicSysFlag"u8) => Field.TopicSysFlag,
        _ when key.SequenceEqual("order"u8) => Field.Order,
        _ when key.SequenceEqual("attributes"u8) => Field.Attributes,
        _ => Field.Other,
    };

    private static Field Match(string key) => key switch
    {
        "topicName" => Field.TopicName,
        "readQueueNums" => Field.ReadQueueNums,
        "writeQueueNums" => Field.WriteQueueNums,
        "perm" => Field.Perm,
        "topicFilterType" => Field.TopicFilterType,
        "topicSysFlag" => Field.TopicSysFlag,
        "order" => Field.Order,
        "attributes" => Field.Attributes,
        _ => Field.Other,
    };

    // The topic's own name usually repeats the table key: reuse that string instead of decoding another.
    private static string? ReadString(ref JsonCursor cursor, string topicKey, EntryPath path, string field)
    {
        var start = cursor;
        if (cursor.Peek() is '"' or '\'' && cursor.ReadStringRaw(out var decoded) is var raw && decoded is null
            && Ascii.Equals(raw, topicKey))
        {
            return topicKey;
        }
        cursor = start;
        return cursor.ParseValue(Depth).AsString($"{path}.{field}");
    }

    private static int? ReadInt32(ref JsonCursor cursor, EntryPath path, string field)
    {
        if (cursor.Peek() is '-' or (>= '0' and <= '9'))
        {
            var number = cursor.ReadNumberSpan();
            if (Utf8Parser.TryParse(number, out int value, out var consumed) && consumed == number.Length)
            {
                return value;
            }
            // Decimals, exponents and overflow keep the tree reader's rules and messages.
            return JsonNode.Number(Encoding.ASCII.GetString(number)).AsInt32($"{path}.{field}");
        }
        return cursor.ParseValue(Depth).AsInt32($"{path}.{field}");
    }

    private static string? ReadFilterType(ref JsonCursor cursor, EntryPath path)
    {
        var start = cursor;
        if (cursor.Peek() is '"' && cursor.ReadStringRaw(out var decoded) is var raw && decoded is null)
        {
            if (raw.SequenceEqual("SINGLE_TAG"u8))
            {
                return TopicConfig.SingleTag;
            }
            if (raw.SequenceEqual("MULTI_TAG"u8))
            {
                return TopicConfig.MultiTag;
            }
        }
        cursor = start;
        return cursor.ParseValue(Depth).AsString($"{path}.topicFilterType");
    }

    private static bool? ReadBoolean(ref JsonCursor cursor, EntryPath path)
    {
        cursor.SkipWhitespace();
        if (cursor.TryLiteral("false"u8))
        {
            return false;
        }
        if (cursor.TryLiteral("true"u8))
        {
            return true;
        }
        return cursor.ParseValue(Depth).AsBoolean($"{path}.order");
    }

    private static IReadOnlyDictionary<string, string> ReadAttributes(ref JsonCursor cursor, EntryPath path)
    {
        var probe = cursor;
        if (probe.Peek() == '{')
        {
            var first = true;
            if (!probe.NextMemberRaw(ref first, out _, out _))
            {
                cursor = probe;
                return s_noAttributes;
            }
        }
        return BodyDecoder.ReadStringMap(cursor.ParseValue(Depth), $"{path}.attributes");
    }
}
