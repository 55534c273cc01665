using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TalentPool.Auth;
using TalentPool.Tests.Infrastructure;

namespace TalentPool.Tests.Auth;

/// <summary>A correctly signed token is refused unless it names one known role and the id that role speaks for.</summary>
[Collection(PostgresCollection.Name)]
public sealed class TokenShapeTests(TalentPoolFixture fixture)
{
    /// <summary>A token signed with the service's own key, with exactly these claims.</summary>
    private string Signed(Dictionary<string, object> claims) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = TokenIssuer.Issuer,
        Audience = TokenIssuer.Audience,
        Claims = claims,
        Expires = DateTime.UtcNow.AddMinutes(10),
        SigningCredentials = new SigningCredentials(fixture.Host.Services.GetRequiredService<SymmetricSecurityKey>(), SecurityAlgorithms.HmacSha256),
    });

    public static TheoryData<string, string[], string?, string?> Refused => new()
    {
        { "a partner without partner_id", [Roles.Partner], null, null },
        { "a recruiter without region_id", [Roles.Recruiter], null, null },
        { "a recruiter whose region_id is no id", [Roles.Recruiter], TalentPoolClaims.RegionId, "everywhere" },
        { "a municipality without municipality_id", [Roles.Municipality], null, null },
        { "a partner whose partner_id is no id", [Roles.Partner], TalentPoolClaims.PartnerId, "everyone" },
        { "a partner whose partner_id is empty", [Roles.Partner], TalentPoolClaims.PartnerId, Guid.Empty.ToString() },
        { "two roles", [Roles.Partner, Roles.Admin], TalentPoolClaims.PartnerId, Guid.NewGuid().ToString() },
        { "an unknown role", ["superuser"], null, null },
        { "no role", [], null, null },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task A_signed_token_that_does_not_say_who_speaks_is_a_401(string what, string[] roles, string? idClaim, string? idValue)
    {
        var claims = new Dictionary<string, object> { [JwtRegisteredClaimNames.Sub] = "someone" };
        if (roles.Length == 1) claims["role"] = roles[0];
        if (roles.Length > 1) claims["role"] = roles;
        if (idClaim is not null) claims[idClaim] = idValue!;

        using var client = fixture.Host.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", Signed(claims));
        foreach (var url in new[] { "/api/v1/vacancies", "/api/v1/shared-talents" })
        {
            var response = await client.GetAsync(url);
            response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, $"{what}: {url}");
            // Why the token failed is not explained to the caller.
            response.Headers.WwwAuthenticate.ToString().ShouldBe("Bearer", what);
        }
    }

    [Fact]
    public async Task A_partner_token_with_its_partner_id_and_region_id_is_accepted()
    {
        using var client = fixture.Host.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", Signed(new()
        {
            [JwtRegisteredClaimNames.Sub] = "partner",
            ["role"] = Roles.Partner,
            [TalentPoolClaims.PartnerId] = Guid.NewGuid().ToString(),
            [TalentPoolClaims.RegionId] = Guid.NewGuid().ToString(),
        }));
        (await client.GetAsync("/api/v1/vacancies")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
