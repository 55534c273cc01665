namespace TalentPool.Auth;

/// <summary>The roles a token can carry, as they appear in the token's <c>role</c> claim.</summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Partner = "partner";
    public const string Municipality = "municipality";
    public const string Recruiter = "recruiter";
    public const string Talent = "talent";

    public static readonly IReadOnlyList<string> All = [Admin, Partner, Municipality, Recruiter, Talent];
}

/// <summary>Claims that tie a token to the member or person it speaks for.</summary>
public static class TalentPoolClaims
{
    public const string PartnerId = "partner_id";
    public const string MunicipalityId = "municipality_id";
    public const string TalentId = "talent_id";

    /// <summary>
    /// The region (Marten tenant) a token belongs to. Every partner, municipality, recruiter and talent token carries
    /// it; an admin token may (a region's secretariat) or may not (the installation's administrator, who names the region
    /// of each request: Hosting/RegionTenancy.cs).
    /// </summary>
    public const string RegionId = "region_id";

    /// <summary>Whether a role's token must name its region: every role but admin.</summary>
    public static bool RegionRequiredFor(string role) => role != Roles.Admin;

    /// <summary>The id claim a role must carry, if any.</summary>
    public static string? IdClaimFor(string role) => role switch
    {
        Roles.Partner => PartnerId,
        Roles.Municipality => MunicipalityId,
        Roles.Talent => TalentId,
        _ => null,
    };
}
