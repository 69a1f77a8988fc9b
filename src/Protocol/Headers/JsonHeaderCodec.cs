using System.Buffers;
using System.Buffers.Text;
using System.Text;
using NameServer.Actors.Protocol.Frames;
using NameServer.Actors.Protocol.Json;

namespace NameServer.Actors.Protocol.Headers;

/// <summary>The JSON (serialize type 0) command header, exactly as fastjson writes it and as leniently as it reads it.</summary>
public static class JsonHeaderCodec
{
    /// <summary>
    /// Decodes a JSON header into a command (body left empty). Streams over the bytes without building a JSON tree, so
    /// only the command, its ext map and the strings it keeps are allocated.
    /// </summary>
    /// <exception cref="HeaderFormatException">Not JSON, not an object, wrong field types, or an unknown language ordinal.</exception>
    public static RemotingCommand Decode(ReadOnlySpan<byte> header)
    {
        try
        {
            return DecodeCore(header);
        }
        catch (JsonFormatException e)
        {
            throw new HeaderFormatException($"Invalid JSON command header: {e.Message}", e);
        }
        catch (BodyFormatException e)
        {
            throw new HeaderFormatException($"Invalid JSON command header: {e.Message}", e);
        }
    }

    private static RemotingCommand DecodeCore(ReadOnlySpan<byte> header)
    {
        var cursor = new JsonCursor(header);
        var first = cursor.Peek();
        if (first != '{')
        {
            throw first == -1
                ? cursor.Error("empty input, expected a JSON value")
                : new BodyFormatException($"expected an object but found '{cursor.Describe()}'.");
        }
        cursor.Expect((byte)'{', "'{'");
        var command = new RemotingCommand { SerializeType = SerializeType.Json };
        while (true)
        {
            var next = cursor.Peek();
            if (next == '}')
            {
                cursor.Expect((byte)'}', "'}'");
                break;
            }
            if (next == -1)
            {
                throw cursor.Error("unterminated object, expected a property name or '}'");
            }
            var raw = cursor.ReadKeyRaw(out var decoded);
            cursor.Expect((byte)':', "':' after a property name");
            switch (Field(raw, decoded))
            {
                case HeaderField.Code:
                    command.Code = ReadInt32(ref cursor, "code");
                    break;
                case HeaderField.Language:
                    command.Language = ReadLanguage(ref cursor);
                    break;
                case HeaderField.Version:
                    command.Version = ReadInt32(ref cursor, "version");
                    break;
                case HeaderField.Opaque:
                    command.Opaque = ReadInt32(ref cursor, "opaque");
                    break;
                case HeaderField.Flag:
                    command.Flag = ReadInt32(ref cursor, "flag");
                    break;
                case HeaderField.Remark:
                    command.Remark = ReadScalarText(ref cursor, "header field 'remark'");
                    break;
                case HeaderField.ExtFields:
                    command.ExtFields = ReadExtFields(ref cursor);
                    break;
                default:
                    // serializeTypeCurrentRPC and anything unknown are ignored, as in Java.
                    cursor.SkipValue(1);
                    break;
            }
            if (!cursor.SkipSeparator((byte)'}'))
            {
                break;
            }
        }
        if (cursor.Peek() != -1)
        {
            throw cursor.Error($"unexpected '{cursor.Describe()}' after the end of the JSON value");
        }
        return command;
    }

    private enum HeaderField
    {
        Other,
        Code,
        Language,
        Version,
        Opaque,
        Flag,
        Remark,
        ExtFields,
    }

    private static HeaderField Field(ReadOnlySpan<byte> raw, string? decoded)
    {
        if (decoded is not null)
        {
            return decoded switch
            {
                "code" => HeaderField.Code,
                "language" => HeaderField.Language,
                "version" => HeaderField.Version,
                "opaque" => HeaderField.Opaque,
                "flag" => HeaderField.Flag,
                "remark" => HeaderField.Remark,
                "extFields" => HeaderField.ExtFields,
                _ => HeaderField.Other,
            };
        }
        if (raw.SequenceEqual("code"u8))
        {
            return HeaderField.Code;
        }
        if (raw.SequenceEqual("language"u8))
        {
            return HeaderField.Language;
        }
        if (raw.SequenceEqual("version"u8))
        {
            return HeaderField.Version;
        }
        if (raw.SequenceEqual("opaque"u8))
        {
            return HeaderField.Opaque;
        }
        if (raw.SequenceEqual("flag"u8))
        {
            return HeaderField.Flag;
        }
        if (raw.SequenceEqual("remark"u8))
        {
            return HeaderField.Remark;
        }
        return raw.SequenceEqual("extFields"u8) ? HeaderField.ExtFields : HeaderField.Other;
    }

    private static int ReadInt32(ref JsonCursor cursor, string name)
    {
        var next = cursor.Peek();
        if (next is '-' or (>= '0' and <= '9'))
        {
            var number = cursor.ReadNumberSpan();
            if (Utf8Parser.TryParse(number, out int value, out var consumed) && consumed == number.Length)
            {
                return value;
            }
            return JsonNode.Number(Encoding.ASCII.GetString(number)).AsInt32($"header field '{name}'") ?? 0;
        }
        return cursor.ParseValue(1).AsInt32($"header field '{name}'") ?? 0;
    }

    private static LanguageCode? ReadLanguage(ref JsonCursor cursor)
    {
        var next = cursor.Peek();
        if (next is '"' or '\'')
        {
            var raw = cursor.ReadStringRaw(out var decoded);
            return decoded is null ? LanguageCodes.FromName(raw) : LanguageCodes.FromName(decoded);
        }
        var value = cursor.ParseValue(1);
        switch (value.Kind)
        {
            case JsonKind.Null:
                return null;
            case JsonKind.Number:
                var ordinal = value.AsInt64("header field 'language'");
                return LanguageCodes.FromOrdinal(ordinal!.Value)
                    ?? throw new HeaderFormatException($"Invalid JSON command header: unknown language ordinal {ordinal}.");
            default:
                throw new HeaderFormatException(
                    $"Invalid JSON command header: field 'language' must be a name or a number, found {value.Describe()}.");
        }
    }

    // A string, or the text of a number/boolean (fastjson coerces them); null for JSON null; objects/arrays fail.
    private static string? ReadScalarText(ref JsonCursor cursor, string what)
    {
        var next = cursor.Peek();
        if (next is '"' or '\'')
        {
            return cursor.ParseString();
        }
        if (next is '-' or (>= '0' and <= '9'))
        {
            return Encoding.ASCII.GetString(cursor.ReadNumberSpan());
        }
        if (cursor.TryLiteral("true"u8))
        {
            return "true";
        }
        if (cursor.TryLiteral("false"u8))
        {
            return "false";
        }
        if (cursor.TryLiteral("null"u8))
        {
            return null;
        }
        if (next is '{' or '[')
        {
            throw new BodyFormatException($"{what} must be a string, found {(next == '{' ? "an object" : "an array")}.");
        }
        throw cursor.Error($"unexpected '{cursor.Describe()}', expected a value");
    }

    private static ExtFields? ReadExtFields(ref JsonCursor cursor)
    {
        if (cursor.TryLiteral("null"u8))
        {
            return null;
        }
        if (cursor.Peek() != '{')
        {
            var found = cursor.ParseValue(1);
            throw new BodyFormatException($"header field 'extFields': expected an object but found {found.Describe()}.");
        }
        cursor.Expect((byte)'{', "'{'");
        var ext = new ExtFields();
        while (true)
        {
            var next = cursor.Peek();
            if (next == '}')
            {
                cursor.Expect((byte)'}', "'}'");
                return ext;
            }
            if (next == -1)
            {
                throw cursor.Error("unterminated object, expected a property name or '}'");
            }
            var key = cursor.ParseKey();
            cursor.Expect((byte)':', "':' after a property name");
            var value = ReadScalarText(ref cursor, $"ext field '{key}'");
            if (value is not null)
            {
                ext.Set(key, value);
            }
            if (!cursor.SkipSeparator((byte)'}'))
            {
                return ext;
            }
        }
    }

    public static RemotingCommand Decode(ReadOnlySequence<byte> header) =>
        header.IsSingleSegment ? Decode(header.FirstSpan) : Decode(header.ToArray());

    /// <summary>Writes the header the way a Java peer does: alphabetical, nulls omitted, no whitespace.</summary>
    public static void Encode(RemotingCommand command, IBufferWriter<byte> output)
    {
        var writer = new FastJsonWriter(output, JsonMode.Legacy);
        Encode(command, writer);
    }

    internal static void Encode(RemotingCommand command, FastJsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteNumber("code", command.Code);
        if (command.ExtFields is { } ext)
        {
            writer.WritePropertyName("extFields");
            writer.WriteStartObject();
            for (var i = 0; i < ext.Count; i++)
            {
                var (key, value) = ext.GetAt(i);
                writer.WriteString(key, value);
            }
            writer.WriteEndObject();
        }
        writer.WriteNumber("flag", command.Flag);
        if (command.Language is { } language)
        {
            writer.WriteString("language", LanguageCodes.Name(language));
        }
        writer.WriteNumber("opaque", command.Opaque);
        if (command.Remark is not null)
        {
            writer.WriteString("remark", command.Remark);
        }
        writer.WriteString("serializeTypeCurrentRPC", "JSON");
        writer.WriteNumber("version", command.Version);
        writer.WriteEndObject();
    }
}
