using System.Security.Claims;
using JasperFx;
using JasperFx.MultiTenancy;
using Marten;
using TalentPool.Auth;
using Wolverine.Http;
using Wolverine.Http.Runtime.MultiTenancy;

namespace TalentPool.Hosting;

/// <summary>
/// Regions are Marten tenants (conjoined: one database, a <c>tenant_id</c> on every event and region document), so a
/// region's data is kept apart by the store, not by <c>where</c> clauses. The tenant id is the region's id, written the
/// one way <see cref="TenantOf"/> writes it. Every request to a region's data names its region, found in this order:
/// <list type="number">
/// <item>the token's <c>region_id</c> claim (every partner, municipality, recruiter and talent token, and a region's admin);</item>
/// <item>the route's <c>{regionId}</c> (<c>/api/v1/regions/{regionId}/…</c>);</item>
/// <item>the <c>Region-Id</c> header: how the installation's administrator (an admin token without a region) and an
/// anonymous caller (a talent registering) name the region.</item>
/// </list>
/// A region-scoped endpoint reached without one is a 400 (Wolverine's <c>AssertExists</c>). A token of one region naming
/// another in the route or the header is a 403 before anything is read (<see cref="UseRegionScope"/>); a resource of another
/// region addressed by its id is simply not in the caller's tenant: 404, exactly like one that does not exist.
/// Installation-wide endpoints (counties, registering and listing regions) are <c>[NotTenanted]</c>/<c>[MaybeTenanted]</c>.
/// </summary>
public static class RegionTenancy
{
    public const string HeaderName = "Region-Id";

    /// <summary>
    /// The tenant of what belongs to the installation rather than a region: counties (the geography every region shares)
    /// and the municipality numbers regions claim. Marten's default tenant, so installation-wide endpoints
    /// (<c>[NotTenanted]</c>) read and write it with a plain session.
    /// </summary>
    public const string InstallationTenant = StorageConstants.DefaultTenantId;
    public const string RouteArgument = "regionId";

    /// <summary>The documents of the installation's tenant: the counties' (their streams are the installation's too).</summary>
    public static readonly IReadOnlyList<Type> InstallationDocumentTypes = [typeof(Regions.County), typeof(Regions.CountyDetails)];

    /// <summary>The tenant id of a region: the region's id, lower case with hyphens.</summary>
    public static string TenantOf(Guid regionId) => regionId.ToString("D");

    /// <summary>The region a tenanted session belongs to.</summary>
    public static Guid RegionOf(IQuerySession session) => Guid.Parse(session.TenantId);

    /// <summary>The region of the request's tenant.</summary>
    public static Guid RegionOf(TenantId tenant) => Guid.Parse(tenant.Value);

    public static void DetectRegions(this WolverineHttpOptions http)
    {
        http.TenantId.DetectWith(new RegionDetection());
        http.TenantId.AssertExists();
    }

    /// <summary>The token's region, if it carries one.</summary>
    public static Guid? TokenRegion(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(TalentPoolClaims.RegionId), out var region) ? region : null;

    private static Guid? RouteRegion(HttpContext http) =>
        Guid.TryParse(http.GetRouteValue(RouteArgument)?.ToString(), out var region) ? region : null;

    private static Guid? HeaderRegion(HttpContext http) =>
        Guid.TryParse(http.Request.Headers[HeaderName].ToString(), out var region) ? region : null;

    /// <summary>
    /// A token of a region may name only its own region: another region in the route or the header is refused here,
    /// after authentication and before any endpoint runs.
    /// </summary>
    public static void UseRegionScope(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.User.TokenRegion() is { } own
            && ((RouteRegion(http) is { } routed && routed != own) || (HeaderRegion(http) is { } named && named != own)))
        {
            await Results.Problem(Problems.Forbidden($"This token belongs to region {own}; it cannot act in another region."))
                .ExecuteAsync(http);
            return;
        }
        await next(http);
    });

    private sealed class RegionDetection : ITenantDetection, ISynchronousTenantDetection
    {
        public ValueTask<string?> DetectTenant(HttpContext context) => new(DetectTenantSynchronously(context));

        public string? DetectTenantSynchronously(HttpContext context)
        {
            var region = context.User.TokenRegion() ?? RouteRegion(context) ?? HeaderRegion(context);
            return region is { } id ? TenantOf(id) : null;
        }

        public override string ToString() =>
            $"the token's '{TalentPoolClaims.RegionId}' claim, else the route's '{RouteArgument}', else the '{HeaderName}' header";
    }
}
