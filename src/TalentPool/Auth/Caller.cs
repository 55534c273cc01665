using System.Security.Claims;

namespace TalentPool.Auth;

/// <summary>Who is calling, read from the token: the role and the member it speaks for.</summary>
public static class Caller
{
    public static bool IsAdmin(this ClaimsPrincipal user) => user.IsInRole(Roles.Admin);

    public static Guid? PartnerId(this ClaimsPrincipal user) => IdFor(user, Roles.Partner, TalentPoolClaims.PartnerId);

    public static Guid? MunicipalityId(this ClaimsPrincipal user) => IdFor(user, Roles.Municipality, TalentPoolClaims.MunicipalityId);

    /// <summary>True when the caller is that partner or municipality itself.</summary>
    public static bool Is(this ClaimsPrincipal user, Guid memberId) => user.PartnerId() == memberId || user.MunicipalityId() == memberId;

    private static Guid? IdFor(ClaimsPrincipal user, string role, string claim) =>
        user.IsInRole(role) && Guid.TryParse(user.FindFirstValue(claim), out var id) ? id : null;
}
