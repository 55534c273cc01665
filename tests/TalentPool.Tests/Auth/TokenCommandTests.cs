using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TalentPool.Auth;
using TalentPool.Hosting;
using TalentPool.Tests.Infrastructure;

namespace TalentPool.Tests.Auth;

/// <summary><c>TOKEN=$(… token admin)</c>: the command prints the token alone, and needs no database.</summary>
public sealed class TokenCommandTests
{
    private readonly string _signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private readonly string _missingDataDirectory = Path.Combine(Path.GetTempPath(), $"talentpool-no-cluster-{Guid.NewGuid():N}");

    // A database that cannot be reached and an embedded cluster that does not exist: touching either fails or leaves a trace.
    private Dictionary<string, string> Environment => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["Auth__SigningKey"] = _signingKey,
        ["ConnectionStrings__TalentPool"] = $"Host=127.0.0.1;Port={LocalPostgresCluster.FreePort()};Username=nobody;Database=none;Timeout=2",
        ["LocalPostgres__DataDirectory"] = _missingDataDirectory,
    };

    [Fact]
    public async Task The_token_command_prints_only_a_token_signed_with_the_configured_key_and_touches_no_database()
    {
        var (partnerId, regionId) = (Guid.NewGuid(), Guid.NewGuid());
        var clock = Stopwatch.StartNew();

        var (exitCode, output, errors) = await ServiceProcess.RunAsync(Environment, "token", "partner", "--id", partnerId.ToString(), "--region", regionId.ToString(), "--hours", "1");

        exitCode.ShouldBe(0, errors);
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(15));
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(1, $"stdout was: {output}");
        var validated = await new JsonWebTokenHandler().ValidateTokenAsync(lines[0].Trim(), new TokenValidationParameters
        {
            ValidIssuer = TokenIssuer.Issuer,
            ValidAudience = TokenIssuer.Audience,
            IssuerSigningKey = new SymmetricSecurityKey(Convert.FromBase64String(_signingKey)),
        });
        validated.IsValid.ShouldBeTrue(validated.Exception?.Message);
        validated.Claims["role"].ShouldBe(Roles.Partner);
        validated.Claims[TalentPoolClaims.PartnerId].ShouldBe(partnerId.ToString());
        validated.Claims[TalentPoolClaims.RegionId].ShouldBe(regionId.ToString());
        Directory.Exists(_missingDataDirectory).ShouldBeFalse("the token command started the embedded PostgreSQL");
    }

    [Fact]
    public async Task A_token_that_cannot_be_minted_leaves_stdout_empty_and_says_why_on_stderr()
    {
        var (exitCode, output, errors) = await ServiceProcess.RunAsync(Environment, "token", "partner");

        exitCode.ShouldNotBe(0);
        output.ShouldBeEmpty();
        errors.ShouldContain("needs the partner's id");

        var withoutRegion = await ServiceProcess.RunAsync(Environment, "token", "recruiter");
        withoutRegion.ExitCode.ShouldNotBe(0);
        withoutRegion.Output.ShouldBeEmpty();
        withoutRegion.Errors.ShouldContain("needs its region's id");
    }
}
