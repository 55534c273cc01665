using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace TalentPool.Auth;

/// <summary>Mints bearer tokens the service itself accepts: for local use, tests and talent self-service.</summary>
/// <remarks>
/// A registration mints a token, so minting is on the write path. The token is a plain compact JWS (HS256, the header
/// <c>{"alg":"HS256","typ":"JWT"}</c>, the claims below) written directly: JsonWebTokenHandler.CreateToken builds it
/// through a descriptor, a claims dictionary and its own JSON writer, several times the work for the same bytes.
/// Checking stays with the JwtBearer handler (AuthenticationConfiguration), which reads these tokens like any other.
/// </remarks>
public sealed class TokenIssuer(SymmetricSecurityKey key, TimeProvider clock)
{
    private static readonly byte[] EncodedHeader = Encoding.ASCII.GetBytes(Base64Url.EncodeToString("""{"alg":"HS256","typ":"JWT"}"""u8));
    private readonly byte[] _key = key.Key;

    public const string Issuer = "talentpool";
    public const string Audience = "talentpool-api";

    public static readonly TimeSpan TalentTokenLifetime = TimeSpan.FromDays(30);

    /// <summary>The talent's own token, handed out at registration and renewed on request.</summary>
    public (string Token, DateTimeOffset ExpiresAt) IssueForTalent(Guid talentId) =>
        (Issue(Roles.Talent, talentId, lifetime: TalentTokenLifetime), clock.GetUtcNow() + TalentTokenLifetime);

    public string Issue(string role, Guid? subjectId = null, string? name = null, TimeSpan? lifetime = null)
    {
        if (!Roles.All.Contains(role)) throw new ArgumentException($"Unknown role '{role}'. Roles: {string.Join(", ", Roles.All)}.", nameof(role));
        var idClaim = TalentPoolClaims.IdClaimFor(role);
        if (idClaim is not null && subjectId is null) throw new ArgumentException($"A {role} token needs the {role}'s id.", nameof(subjectId));

        var now = clock.GetUtcNow();
        var payload = new ArrayBufferWriter<byte>(320);
        using (var json = new Utf8JsonWriter(payload))
        {
            json.WriteStartObject();
            json.WriteString(JwtRegisteredClaimNames.Sub, subjectId?.ToString() ?? name ?? $"local-{role}");
            json.WriteString("role", role);
            json.WriteString(JwtRegisteredClaimNames.Name, name ?? role);
            if (idClaim is not null) json.WriteString(idClaim, subjectId!.Value.ToString());
            json.WriteString(JwtRegisteredClaimNames.Iss, Issuer);
            json.WriteString(JwtRegisteredClaimNames.Aud, Audience);
            json.WriteNumber(JwtRegisteredClaimNames.Nbf, now.ToUnixTimeSeconds());
            json.WriteNumber(JwtRegisteredClaimNames.Iat, now.ToUnixTimeSeconds());
            json.WriteNumber(JwtRegisteredClaimNames.Exp, (now + (lifetime ?? TimeSpan.FromHours(8))).ToUnixTimeSeconds());
            json.WriteEndObject();
        }

        // header.payload, signed with HMAC-SHA256, then .signature — all base64url without padding.
        var payloadLength = Base64Url.GetEncodedLength(payload.WrittenCount);
        var token = new byte[EncodedHeader.Length + 1 + payloadLength + 1 + Base64Url.GetEncodedLength(HMACSHA256.HashSizeInBytes)];
        EncodedHeader.CopyTo(token, 0);
        token[EncodedHeader.Length] = (byte)'.';
        Base64Url.EncodeToUtf8(payload.WrittenSpan, token.AsSpan(EncodedHeader.Length + 1));
        var signed = EncodedHeader.Length + 1 + payloadLength;
        token[signed] = (byte)'.';
        Span<byte> signature = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_key, token.AsSpan(0, signed), signature);
        Base64Url.EncodeToUtf8(signature, token.AsSpan(signed + 1));
        return Encoding.ASCII.GetString(token);
    }
}
