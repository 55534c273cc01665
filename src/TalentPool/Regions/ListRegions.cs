using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TalentPool.Common;
using TalentPool.Hosting;
using Wolverine.Http;

namespace TalentPool.Regions;

/// <summary>A page of regions in the order they were registered; pass <c>next</c> as <c>after</c> for the following page.</summary>
public sealed record RegionPage(IReadOnlyList<RegionDetails> Items, Guid? Next);

public static class ListRegionsEndpoint
{
    public static ProblemDetails Validate(int limit = Paging.DefaultLimit) => Paging.CheckLimit(limit);

    [EndpointSummary("List regions in the order they were registered, optionally of one county or country")]
    [EndpointDescription("List regions in the order they were registered, optionally of one county or country: any signed-in caller. Paging is by cursor (`next` → `after`), at most 200 a page.")]
    [WolverineGet("/api/v1/regions", OperationId = "ListRegions"), Tags("Regions"), Authorize, NotTenanted]
    public static async Task<RegionPage> List(
        IQuerySession session, ClaimsPrincipal user, CancellationToken cancellation, Guid? countyId = null, [StringLength(InputLimits.CountryCode)] string? country = null, Guid? after = null, [Range(1, Paging.MaxLimit)] int limit = Paging.DefaultLimit)
    {
        // A token of a region sees its own region (its tenant's) only; the installation's administrator sees every region. A
        // region may live in a database of its own (Hosting/RegionDatabases.cs): every database is asked, and the pages merged.
        var own = user.TokenRegion();
        var items = new List<RegionDetails>();
        foreach (var database in await session.DocumentStore.Storage.AllDatabases())
        {
            await using var inDatabase = session.DocumentStore.QuerySession(Marten.Services.SessionOptions.ForDatabase(database));
            var query = own is { } region
                ? inDatabase.Query<RegionDetails>().Where(r => r.TenantIsOneOf(RegionTenancy.TenantOf(region)))
                : inDatabase.Query<RegionDetails>().Where(r => r.AnyTenant());
            if (countyId is { } county) query = query.Where(r => r.CountyId == county);
            if (!string.IsNullOrWhiteSpace(country))
            {
                var code = country.ToUpperInvariant();
                query = query.Where(r => r.Country == code);
            }
            if (after is { } cursor) query = query.Where(r => r.Id > cursor);
            items.AddRange(await query.OrderBy(r => r.Id).Take(limit + 1).ToListAsync(cancellation));
        }
        items = [.. items.OrderBy(r => r.Id).Take(limit + 1)];
        var page = items.Take(limit).ToList();
        return new RegionPage(page, items.Count > limit ? page[^1].Id : null);
    }
}
