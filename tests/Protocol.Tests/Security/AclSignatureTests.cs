using System.Text.Json;
using NameServer.Actors.Protocol.Headers;
using NameServer.Actors.Protocol.Security;

namespace NameServer.Actors.Protocol.Tests.Security;

public sealed class AclSignatureTests
{
    private const string Secret = "12345678";

    public static TheoryData<string, string> SignedCaptures()
    {
        var data = new TheoryData<string, string>();
        foreach (var capture in new[] { "java-4.9.8", "java-5.3.3" })
        {
            foreach (var line in File.ReadLines(TestData.PathOf("Captures", capture, "frames.jsonl")))
            {
                var entry = JsonDocument.Parse(line).RootElement;
                if (entry.GetProperty("dir").GetString() == "req"
                    && entry.GetProperty("header").TryGetProperty("extFields", out var ext)
                    && ext.TryGetProperty(AclSignature.SignatureField, out _))
                {
                    data.Add(capture, entry.GetProperty("file").GetString()!);
                }
            }
        }
        return data;
    }

    internal static RemotingCommand Load(string capture, string file) =>
        RemotingCommandReader.DecodeFrame(File.ReadAllBytes(TestData.PathOf("Captures", capture, file)));

    [Fact]
    public void Captures_contain_signed_requests_from_both_versions()
    {
        var signed = SignedCaptures().Select(row => (string)row[0]).ToList();
        Assert.Contains("java-4.9.8", signed);
        Assert.Contains("java-5.3.3", signed);
        Assert.True(signed.Count >= 10, $"only {signed.Count} signed requests found");
    }

    [Theory]
    [MemberData(nameof(SignedCaptures))]
    public void Verify_accepts_signature_when_captured_request_is_checked_with_its_secret(string capture, string file)
    {
        var request = Load(capture, file);

        Assert.Equal("rocketmq2", request.ExtFields![AclSignature.AccessKeyField]);
        Assert.True(AclSignature.Verify(request, Secret), $"{capture}/{file} code {request.Code}");
    }

    [Theory]
    [MemberData(nameof(SignedCaptures))]
    public void Verify_rejects_signature_when_secret_is_wrong(string capture, string file)
    {
        Assert.False(AclSignature.Verify(Load(capture, file), "12345679"));
    }

    [Theory]
    [MemberData(nameof(SignedCaptures))]
    public void Verify_rejects_signature_when_a_field_is_tampered(string capture, string file)
    {
        var request = Load(capture, file);
        var key = request.ExtFields!.Keys.First(k => k != AclSignature.SignatureField);
        request.ExtFields.Set(key, request.ExtFields[key] + "x");

        Assert.False(AclSignature.Verify(request, Secret));
    }

    [Fact]
    public void Verify_rejects_signature_when_body_is_tampered()
    {
        var request = Load("java-5.3.3", "0035-req-100.bin");
        var body = request.Body.ToArray();
        request.Body = body.Length == 0 ? new byte[] { 1 } : [.. body, 1];

        Assert.False(AclSignature.Verify(request, Secret));
    }

    [Fact]
    public void Verify_rejects_request_when_signature_is_missing_or_not_base64()
    {
        var request = Load("java-5.3.3", "0043-req-205.bin");
        request.ExtFields!.Set(AclSignature.SignatureField, "not base64!");
        Assert.False(AclSignature.Verify(request, Secret));

        request.ExtFields.Remove(AclSignature.SignatureField);
        Assert.False(AclSignature.Verify(request, Secret));

        request.ExtFields = null;
        Assert.False(AclSignature.Verify(request, Secret));
    }

    [Fact]
    public void Compute_orders_values_by_key_ordinally_and_appends_body()
    {
        var fields = new ExtFields().Set("b", "2").Set("a", "1").Set("B", "3").Set(AclSignature.SignatureField, "ignored");
        var body = "body"u8.ToArray();

        var expected = Convert.ToBase64String(System.Security.Cryptography.HMACSHA1.HashData(
            "k"u8.ToArray(), "312body"u8.ToArray()));

        Assert.Equal(expected, AclSignature.Compute(fields, body, "k"));
    }

    [Fact]
    public void Compute_signs_what_verify_accepts_when_request_is_built_locally()
    {
        var request = RemotingCommand.CreateRequest(318, 1, extFields: new ExtFields().Set(AclSignature.AccessKeyField, "ak"));
        request.Body = "listenPort=1\n"u8.ToArray();
        request.ExtFields!.Set(AclSignature.SignatureField, AclSignature.Compute(request.ExtFields, request.Body.Span, "sk"));

        Assert.True(AclSignature.Verify(request, "sk"));
    }
}
