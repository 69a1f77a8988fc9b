using System.Buffers;
using NameServer.Actors.Protocol.Frames;
using NameServer.Actors.Protocol.Json;

namespace NameServer.Actors.Protocol.Headers;

/// <summary>The JSON (serialize type 0) command header, exactly as fastjson writes it and as leniently as it reads it.</summary>
public static class JsonHeaderCodec
{
    /// <summary>Decodes a JSON header into a command (body left empty).</summary>
    /// <exception cref="HeaderFormatException">Not JSON, not an object, wrong field types, or an unknown language ordinal.</exception>
    public static RemotingCommand Decode(ReadOnlySpan<byte> header)
    {
        JsonNode root;
        try
        {
            root = LenientJsonReader.Parse(header);
        }
        catch (JsonFormatException e)
        {
            throw new HeaderFormatException($"Invalid JSON command header: {e.Message}", e);
        }
        if (root.Kind != JsonKind.Object)
        {
            throw new HeaderFormatException($"Invalid JSON command header: expected an object but found {root.Describe()}.");
        }

        try
        {
            var command = new RemotingCommand { SerializeType = SerializeType.Json };
            foreach (var (name, value) in root.Properties)
            {
                switch (name)
                {
                    case "code":
                        command.Code = value.AsInt32("header field 'code'") ?? 0;
                        break;
                    case "language":
                        command.Language = DecodeLanguage(value);
                        break;
                    case "version":
                        command.Version = value.AsInt32("header field 'version'") ?? 0;
                        break;
                    case "opaque":
                        command.Opaque = value.AsInt32("header field 'opaque'") ?? 0;
                        break;
                    case "flag":
                        command.Flag = value.AsInt32("header field 'flag'") ?? 0;
                        break;
                    case "remark":
                        command.Remark = value.AsString("header field 'remark'");
                        break;
                    case "extFields":
                        command.ExtFields = DecodeExtFields(value);
                        break;
                    default:
                        // serializeTypeCurrentRPC and anything unknown are ignored, as in Java.
                        break;
                }
            }
            return command;
        }
        catch (BodyFormatException e)
        {
            throw new HeaderFormatException($"Invalid JSON command header: {e.Message}", e);
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

    private static LanguageCode? DecodeLanguage(JsonNode value)
    {
        switch (value.Kind)
        {
            case JsonKind.Null:
                return null;
            case JsonKind.String:
                return LanguageCodes.FromName(value.Text!);
            case JsonKind.Number:
                var ordinal = value.AsInt64("header field 'language'");
                return LanguageCodes.FromOrdinal(ordinal!.Value)
                    ?? throw new HeaderFormatException($"Invalid JSON command header: unknown language ordinal {ordinal}.");
            default:
                throw new HeaderFormatException(
                    $"Invalid JSON command header: field 'language' must be a name or a number, found {value.Describe()}.");
        }
    }

    private static ExtFields? DecodeExtFields(JsonNode value)
    {
        var obj = value.ExpectObject("header field 'extFields'");
        if (obj is null)
        {
            return null;
        }
        var ext = new ExtFields(obj.Properties.Count);
        foreach (var (key, entry) in obj.Properties)
        {
            var text = entry.Kind switch
            {
                JsonKind.Object or JsonKind.Array => throw new BodyFormatException(
                    $"ext field '{key}' must be a string, found {entry.Describe()}"),
                _ => entry.AsString($"ext field '{key}'"),
            };
            if (text is not null)
            {
                ext.Set(key, text);
            }
        }
        return ext;
    }
}
