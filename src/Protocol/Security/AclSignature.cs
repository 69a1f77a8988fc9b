using System.Security.Cryptography;
using System.Text;
using NameServer.Actors.Protocol.Headers;

namespace NameServer.Actors.Protocol.Security;

/// <summary>
/// The RocketMQ ACL 1.0 request signature that Java admin tools, clients and brokers add when they are given
/// credentials: Base64(HMAC-SHA1(secretKey, content)), where content is the UTF-8 concatenation of every
/// <c>extFields</c> value (the request's own header fields, <c>AccessKey</c>, <c>SecurityToken</c> when present and
/// any other key the sender had set at signing time) in ordinal order of their keys, <c>Signature</c> excluded,
/// followed by the body bytes.
/// </summary>
public static class AclSignature
{
    public const string AccessKeyField = "AccessKey";
    public const string SignatureField = "Signature";
    public const string SecurityTokenField = "SecurityToken";

    /// <summary>The Base64 signature of <paramref name="fields"/> and <paramref name="body"/> under <paramref name="secretKey"/>.</summary>
    public static string Compute(IReadOnlyDictionary<string, string>? fields, ReadOnlySpan<byte> body, string secretKey) =>
        Convert.ToBase64String(ComputeMac(fields, body, secretKey));

    /// <summary>
    /// True when <paramref name="request"/> carries a <c>Signature</c> that matches its fields and body under
    /// <paramref name="secretKey"/>. A missing or non-Base64 signature is simply not valid.
    /// </summary>
    public static bool Verify(RemotingCommand request, string secretKey)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ExtFields is null || !request.ExtFields.TryGetValue(SignatureField, out var signature))
        {
            return false;
        }
        Span<byte> claimed = stackalloc byte[HMACSHA1.HashSizeInBytes];
        if (!Convert.TryFromBase64String(signature, claimed, out var written) || written != HMACSHA1.HashSizeInBytes)
        {
            return false;
        }
        var expected = ComputeMac(request.ExtFields, request.Body.Span, secretKey);
        return CryptographicOperations.FixedTimeEquals(expected, claimed);
    }

    private static byte[] ComputeMac(IReadOnlyDictionary<string, string>? fields, ReadOnlySpan<byte> body, string secretKey)
    {
        ArgumentNullException.ThrowIfNull(secretKey);
        var content = new StringBuilder();
        if (fields is not null)
        {
            // Java sorts the fields in a TreeMap<String, String>: UTF-16 code unit order, i.e. ordinal.
            foreach (var key in fields.Keys.Where(k => k != SignatureField).Order(StringComparer.Ordinal))
            {
                content.Append(fields[key]);
            }
        }
        var text = Encoding.UTF8.GetBytes(content.ToString());
        var data = new byte[text.Length + body.Length];
        text.CopyTo(data, 0);
        body.CopyTo(data.AsSpan(text.Length));
        return HMACSHA1.HashData(Encoding.UTF8.GetBytes(secretKey), data);
    }
}
