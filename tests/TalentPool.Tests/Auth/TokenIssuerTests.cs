using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TalentPool.Auth;

namespace TalentPool.Tests.Auth;

/// <summary>The tokens the service mints (written directly, for speed) are standard HS256 JWTs its own checks accept.</summary>
public sealed class TokenIssuerTests
{
    private static readonly SymmetricSecurityKey Key = new(RandomNumberGenerator.GetBytes(32));

    private static Task<TokenValidationResult> Check(string token, SecurityKey key) => new JsonWebTokenHandler().ValidateTokenAsync(token,
        new TokenValidationParameters
        {
            ValidIssuer = TokenIssuer.Issuer,
            ValidAudience = TokenIssuer.Audience,
            IssuerSigningKey = key,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ClockSkew = TimeSpan.Zero,
        });

    [Fact]
    public async Task A_talent_token_is_an_HS256_JWT_with_the_talents_claims_and_a_30_day_lifetime()
    {
        var talentId = Guid.NewGuid();
        var (token, expiresAt) = new TokenIssuer(Key, TimeProvider.System).IssueForTalent(Guid.NewGuid(), talentId);

        var result = await Check(token, Key);

        result.IsValid.ShouldBeTrue(result.Exception?.Message);
        var jwt = (JsonWebToken)result.SecurityToken;
        jwt.Alg.ShouldBe(SecurityAlgorithms.HmacSha256);
        jwt.Typ.ShouldBe("JWT");
        jwt.Subject.ShouldBe(talentId.ToString());
        jwt.GetClaim("role").Value.ShouldBe(Roles.Talent);
        jwt.GetClaim(TalentPoolClaims.IdClaimFor(Roles.Talent)!).Value.ShouldBe(talentId.ToString());
        jwt.ValidTo.ShouldBe(expiresAt.UtcDateTime, TimeSpan.FromSeconds(1));
        (jwt.ValidTo - jwt.IssuedAt).ShouldBe(TokenIssuer.TalentTokenLifetime);
    }

    [Fact]
    public async Task An_admin_token_names_its_holder_and_lasts_eight_hours_by_default()
    {
        var jwt = (JsonWebToken)(await Check(new TokenIssuer(Key, TimeProvider.System).Issue(Roles.Admin, null, name: "anna"), Key)).SecurityToken;

        jwt.Subject.ShouldBe("anna");
        jwt.GetClaim(JwtRegisteredClaimNames.Name).Value.ShouldBe("anna");
        (jwt.ValidTo - jwt.ValidFrom).ShouldBe(TimeSpan.FromHours(8));
    }

    [Fact]
    public async Task A_token_whose_payload_was_changed_or_that_another_key_signed_is_refused()
    {
        var issuer = new TokenIssuer(Key, TimeProvider.System);
        var parts = issuer.Issue(Roles.Recruiter, Guid.NewGuid(), name: "bob").Split('.');
        var forgedPayload = Base64UrlEncoder.Encode($$"""{"sub":"bob","role":"admin","name":"bob","iss":"{{TokenIssuer.Issuer}}","aud":"{{TokenIssuer.Audience}}","exp":{{DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds()}}}""");

        (await Check($"{parts[0]}.{forgedPayload}.{parts[2]}", Key)).IsValid.ShouldBeFalse();
        (await Check(issuer.Issue(Roles.Admin, null, name: "anna"), new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32)))).IsValid.ShouldBeFalse();
    }
}
