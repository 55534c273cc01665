using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace TalentPool.Auth;

/// <summary>Mints bearer tokens the service itself accepts: for local use, tests and talent self-service.</summary>
public sealed class TokenIssuer(SymmetricSecurityKey key, TimeProvider clock)
{
    // Built once: a registration mints a token, so this is on the write path.
    private readonly SigningCredentials _credentials = new(key, SecurityAlgorithms.HmacSha256);
    private readonly JsonWebTokenHandler _handler = new();

    public const string Issuer = "talentpool";
    public const string Audience = "talentpool-api";

    public static readonly TimeSpan TalentTokenLifetime = TimeSpan.FromDays(30);

    /// <summary>The talent's own token, handed out at registration and renewed on request.</summary>
    public (string Token, DateTimeOffset ExpiresAt) IssueForTalent(Guid regionId, Guid talentId) =>
        (Issue(Roles.Talent, regionId, talentId, lifetime: TalentTokenLifetime), clock.GetUtcNow() + TalentTokenLifetime);

    /// <summary>A token of a role in a region; an admin token without a region is the installation's administrator.</summary>
    public string Issue(string role, Guid? regionId, Guid? subjectId = null, string? name = null, TimeSpan? lifetime = null)
    {
        if (!Roles.All.Contains(role)) throw new ArgumentException($"Unknown role '{role}'. Roles: {string.Join(", ", Roles.All)}.", nameof(role));
        var idClaim = TalentPoolClaims.IdClaimFor(role);
        if (idClaim is not null && subjectId is null) throw new ArgumentException($"A {role} token needs the {role}'s id.", nameof(subjectId));
        if (regionId is null && TalentPoolClaims.RegionRequiredFor(role)) throw new ArgumentException($"A {role} token needs its region's id.", nameof(regionId));

        var claims = new Dictionary<string, object>
        {
            [JwtRegisteredClaimNames.Sub] = subjectId?.ToString() ?? name ?? $"local-{role}",
            ["role"] = role,
            [JwtRegisteredClaimNames.Name] = name ?? role,
        };
        if (idClaim is not null) claims[idClaim] = subjectId!.Value.ToString();
        if (regionId is { } region) claims[TalentPoolClaims.RegionId] = region.ToString();

        var now = clock.GetUtcNow().UtcDateTime;
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Claims = claims,
            NotBefore = now,
            IssuedAt = now,
            Expires = now + (lifetime ?? TimeSpan.FromHours(8)),
            SigningCredentials = _credentials,
        });
    }
}
