using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace TalentPool.Auth;

/// <summary>Mints bearer tokens the service itself accepts: for local use, tests and talent self-service.</summary>
public sealed class TokenIssuer(SymmetricSecurityKey key, TimeProvider clock)
{
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

        var claims = new List<Claim>
        {
            new(JwtRegisteredClaimNames.Sub, subjectId?.ToString() ?? name ?? $"local-{role}"),
            new("role", role),
            new(JwtRegisteredClaimNames.Name, name ?? role),
        };
        if (idClaim is not null) claims.Add(new Claim(idClaim, subjectId!.Value.ToString()));

        var now = clock.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Subject = new ClaimsIdentity(claims),
            NotBefore = now,
            IssuedAt = now,
            Expires = now + (lifetime ?? TimeSpan.FromHours(8)),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
    }
}
