using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;

namespace TalentPool.Auth;

/// <summary>
/// Authorization rules that depend on whose resource a route names. They run in the authorization
/// middleware, before any data is loaded, so a denial never reveals whether the resource exists.
/// </summary>
public static class AccessPolicies
{
    public const string TalentSelfOrAdmin = "talent-self-or-admin";
    public const string PartnerSelfOrAdmin = "partner-self-or-admin";
    public const string MunicipalitySelfOrAdmin = "municipality-self-or-admin";

    public static void AddAccessPolicies(this AuthorizationOptions options)
    {
        options.AddPolicy(TalentSelfOrAdmin, policy => policy
            .RequireAuthenticatedUser()
            .RequireAssertion(context => context.User.IsInRole(Roles.Admin)
                || IsOwnResource(context, Roles.Talent, TalentPoolClaims.TalentId, "talentId")));
        options.AddPolicy(PartnerSelfOrAdmin, policy => policy
            .RequireAuthenticatedUser()
            .RequireAssertion(context => context.User.IsInRole(Roles.Admin)
                || IsOwnResource(context, Roles.Partner, TalentPoolClaims.PartnerId, "partnerId")));
        options.AddPolicy(MunicipalitySelfOrAdmin, policy => policy
            .RequireAuthenticatedUser()
            .RequireAssertion(context => context.User.IsInRole(Roles.Admin)
                || IsOwnResource(context, Roles.Municipality, TalentPoolClaims.MunicipalityId, "municipalityId")));
    }

    private static bool IsOwnResource(AuthorizationHandlerContext context, string role, string idClaim, string routeParameter)
    {
        if (!context.User.IsInRole(role) || context.Resource is not HttpContext http) return false;
        var routeValue = http.GetRouteValue(routeParameter)?.ToString();
        var claimed = context.User.FindFirstValue(idClaim);
        return Guid.TryParse(routeValue, out var routeId) && Guid.TryParse(claimed, out var claimId) && routeId == claimId;
    }
}
