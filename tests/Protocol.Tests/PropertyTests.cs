using System.Buffers;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using NameServer.Actors.Protocol.Frames;
using NameServer.Actors.Protocol.Headers;
using NameServer.Actors.Protocol.Json;

namespace NameServer.Actors.Protocol.Tests;

/// <summary>Randomised round trips across the codecs (FsCheck, bounded run counts).</summary>
public sealed class PropertyTests
{
    private static readonly Config _runs = Config.QuickThrowOnFailure.WithMaxTest(300);

    // Strings survive UTF-8 unchanged only without lone surrogates; such input is not meaningful on the wire.
    private static bool IsWellFormed(string? text) =>
        text is not null && Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text)) == text;

    [Fact]
    public void Json_string_round_trips_when_written_in_either_mode_and_read_back()
    {
        Check.One(_runs, Prop.ForAll(ArbMap.Default.ArbFor<string>(), text =>
        {
            if (!IsWellFormed(text))
            {
                return true;
            }
            foreach (var mode in new[] { JsonMode.Legacy, JsonMode.Standard })
            {
                var json = WorkedExampleTests.WriteJson(mode, w => w.WriteString("k", text));
                if (LenientJsonReader.Parse(TestData.Utf8(json)).Get("k")!.Text != text)
                {
                    return false;
                }
                if (mode == JsonMode.Standard && json.Any(c => c > 0x7E))
                {
                    return false;
                }
            }
            return true;
        }));
    }

    [Fact]
    public void Json_long_round_trips_when_written_in_either_mode_and_read_back()
    {
        Check.One(_runs, Prop.ForAll(ArbMap.Default.ArbFor<long>(), value =>
            LenientJsonReader.Parse(TestData.Utf8(WorkedExampleTests.WriteJson(JsonMode.Standard, w => w.WriteNumber("n", value)))).Get("n")!.AsInt64("n") == value
            && LenientJsonReader.Parse(TestData.Utf8(WorkedExampleTests.WriteJson(JsonMode.Legacy, w => w.WriteNumber("n", value)))).Get("n")!.AsInt64("n") == value));
    }

    [Fact]
    public void Command_round_trips_when_encoded_with_either_header_type()
    {
        var arb = ArbMap.Default.ArbFor<(short, int, int, string, string[], byte[])>();
        Check.One(_runs, Prop.ForAll(arb, input =>
        {
            var (code, opaque, flag, remark, keys, body) = input;
            if (!IsWellFormed(remark) || keys is null || !keys.All(k => IsWellFormed(k) && k.Length > 0 && k.Length < 1000))
            {
                return true;
            }
            var ext = new ExtFields();
            foreach (var key in keys)
            {
                ext.Set(key, key + "=v");
            }
            foreach (var type in new[] { SerializeType.Json, SerializeType.RocketMq })
            {
                var command = new RemotingCommand
                {
                    Code = code,
                    Opaque = opaque,
                    Flag = flag,
                    Version = 479,
                    Remark = remark.Length == 0 ? null : remark,
                    ExtFields = ext,
                    Body = body ?? [],
                    SerializeType = type,
                };
                var decoded = RemotingCommandReader.DecodeFrame(RemotingCommandWriter.ToArray(command));
                if (decoded.Code != code || decoded.Opaque != opaque || decoded.Flag != flag || decoded.Remark != command.Remark
                    || decoded.SerializeType != type || !decoded.Body.Span.SequenceEqual(command.Body.Span)
                    || (decoded.ExtFields?.Count ?? 0) != ext.Count)
                {
                    return false;
                }
                foreach (var (key, value) in ext)
                {
                    if (decoded.ExtFields![key] != value)
                    {
                        return false;
                    }
                }
            }
            return true;
        }));
    }

    [Fact]
    public void FrameReader_yields_same_frames_when_stream_is_split_anywhere()
    {
        var frames = Enumerable.Range(0, 4)
            .Select(i => RemotingCommandWriter.ToArray(new RemotingCommand { Opaque = i, Body = new byte[i * 3] }))
            .ToArray();
        var stream = frames.SelectMany(f => f).ToArray();
        var cuts = Gen.Choose(1, stream.Length - 1).ArrayOf().ToArbitrary();

        Check.One(_runs, Prop.ForAll(cuts, positions =>
        {
            var points = positions.Distinct().Order().ToList();
            var opaques = new List<int>();
            var fed = 0;
            var pending = Array.Empty<byte>();
            foreach (var end in points.Append(stream.Length))
            {
                pending = [.. pending, .. stream.AsSpan(fed, end - fed)];
                fed = end;
                var buffer = new ReadOnlySequence<byte>(pending);
                while (FrameReader.TryReadFrame(ref buffer, out var frame))
                {
                    opaques.Add(RemotingCommandReader.Decode(frame).Opaque);
                }
                pending = buffer.ToArray();
            }
            return pending.Length == 0 && opaques.SequenceEqual([0, 1, 2, 3]);
        }));
    }
}
