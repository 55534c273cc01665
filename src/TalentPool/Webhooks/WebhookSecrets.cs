using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace TalentPool.Webhooks;

/// <summary>
/// Webhook secrets, in the Standard Webhooks form <c>whsec_&lt;base64 of 32 random bytes&gt;</c>. The service signs with a
/// secret, so it keeps the secret itself, not a hash: encrypted with AES-256-GCM under a key derived (HKDF-SHA256) from the
/// service's signing key (<c>Auth:SigningKey</c>, which every node already holds and which never enters the database). A
/// copy of the database alone reveals no secret. Rotating <c>Auth:SigningKey</c> makes stored secrets unreadable: members
/// then rotate their webhook secrets (README).
/// </summary>
public sealed class WebhookSecrets
{
    public const string Prefix = "whsec_";
    private const int NonceSize = 12, TagSize = 16;
    private static readonly byte[] KeyPurpose = Encoding.UTF8.GetBytes("talentpool webhook secrets v1");

    private readonly byte[] _key;

    public WebhookSecrets(SymmetricSecurityKey signingKey) =>
        _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, signingKey.Key, 32, salt: [], info: KeyPurpose);

    /// <summary>A new secret: as the member sees it (once), and as it is stored.</summary>
    public (string Secret, string Encrypted) Create()
    {
        var secret = Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        return (secret, Encrypt(secret));
    }

    /// <summary>The key bytes a stored secret signs with (the base64 part of <c>whsec_…</c>).</summary>
    public byte[] SigningKeyOf(string encrypted) => Convert.FromBase64String(Decrypt(encrypted)[Prefix.Length..]);

    private string Encrypt(string secret)
    {
        var plain = Encoding.UTF8.GetBytes(secret);
        var sealedBox = new byte[NonceSize + plain.Length + TagSize];
        var nonce = sealedBox.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plain, sealedBox.AsSpan(NonceSize, plain.Length), sealedBox.AsSpan(NonceSize + plain.Length));
        return Convert.ToBase64String(sealedBox);
    }

    private string Decrypt(string encrypted)
    {
        var sealedBox = Convert.FromBase64String(encrypted);
        var plain = new byte[sealedBox.Length - NonceSize - TagSize];
        using var aes = new AesGcm(_key, TagSize);
        aes.Decrypt(sealedBox.AsSpan(0, NonceSize), sealedBox.AsSpan(NonceSize, plain.Length), sealedBox.AsSpan(NonceSize + plain.Length), plain);
        return Encoding.UTF8.GetString(plain);
    }
}
