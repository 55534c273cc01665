using System.Security.Cryptography;
using System.Text;

namespace TalentPool.Webhooks;

/// <summary>
/// The Standard Webhooks signature (https://www.standardwebhooks.com): HMAC-SHA256 with the secret's bytes over
/// <c>{webhook-id}.{webhook-timestamp}.{body}</c>, sent as <c>v1,&lt;base64&gt;</c>; several signatures (the new and the
/// previous secret, right after a rotation) are separated by a space. The timestamp is Unix seconds, so a receiver can
/// refuse old deliveries (replay attacks).
/// </summary>
public static class WebhookSignature
{
    public const string IdHeader = "webhook-id", TimestampHeader = "webhook-timestamp", SignatureHeader = "webhook-signature";

    public static string Sign(string id, long timestamp, string body, IEnumerable<byte[]> keys) =>
        string.Join(' ', keys.Select(key => "v1," + Convert.ToBase64String(
            HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}")))));

    /// <summary>What a receiver does: true when one of the header's signatures is the one <paramref name="secret"/> makes.</summary>
    public static bool Verify(string secret, string id, string timestamp, string body, string signatureHeader)
    {
        var key = Convert.FromBase64String(secret.StartsWith(WebhookSecrets.Prefix) ? secret[WebhookSecrets.Prefix.Length..] : secret);
        var expected = Encoding.ASCII.GetBytes(Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}"))));
        return signatureHeader.Split(' ').Any(signature => signature.StartsWith("v1,") &&
            CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(signature[3..]), expected));
    }
}
