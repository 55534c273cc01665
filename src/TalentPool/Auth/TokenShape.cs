using System.Security.Claims;

namespace TalentPool.Auth;

/// <summary>
/// A correctly signed token must also say exactly who speaks: one known role, and the member or talent id
/// that role speaks for. A partner token without <c>partner_id</c> would otherwise pass every "is a partner"
/// rule while belonging to no partner at all.
/// </summary>
public static class TokenShape
{
    public static string? Refusal(ClaimsPrincipal? principal)
    {
        var roles = principal?.FindAll("role").Select(claim => claim.Value).ToList() ?? [];
        if (roles.Count != 1 || !Roles.All.Contains(roles[0])) return "A token carries exactly one known role.";
        if (TalentPoolClaims.IdClaimFor(roles[0]) is { } idClaim && !IsId(principal!.FindFirstValue(idClaim)))
            return $"A {roles[0]} token carries its '{idClaim}'.";
        var region = principal!.FindFirstValue(TalentPoolClaims.RegionId);
        if (region is not null ? !IsId(region) : TalentPoolClaims.RegionRequiredFor(roles[0]))
            return $"A {roles[0]} token carries its '{TalentPoolClaims.RegionId}'.";
        return null;
    }

    private static bool IsId(string? value) => Guid.TryParse(value, out var id) && id != Guid.Empty;
}
