using System.ComponentModel.DataAnnotations;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TalentPool.Common;
using TalentPool.Hosting;
using Wolverine.Http;

namespace TalentPool.Regions;

/// <summary>A page of counties in the order they were registered; pass <c>next</c> as <c>after</c> for the following page.</summary>
public sealed record CountyPage(IReadOnlyList<CountyDetails> Items, Guid? Next);

public static class ListCountiesEndpoint
{
    public static ProblemDetails Validate(int limit = Paging.DefaultLimit) => Paging.CheckLimit(limit);

    [EndpointSummary("List counties in the order they were registered, optionally of one country")]
    [EndpointDescription("List counties in the order they were registered, optionally of one country: any signed-in caller. Paging is by cursor (`next` → `after`), at most 200 a page.")]
    [WolverineGet("/api/v1/counties", OperationId = "ListCounties"), Tags("Regions"), Authorize, NotTenanted]
    public static async Task<CountyPage> List(IQuerySession session, CancellationToken cancellation, [StringLength(InputLimits.CountryCode)] string? country = null, Guid? after = null, [Range(1, Paging.MaxLimit)] int limit = Paging.DefaultLimit)
    {
        var query = session.Query<CountyDetails>().AsQueryable();
        if (!string.IsNullOrWhiteSpace(country))
        {
            var code = country.ToUpperInvariant();
            query = query.Where(c => c.Country == code);
        }
        // Ids are version-7 GUIDs: time-ordered and unique, so "after this id" is a stable cursor.
        if (after is { } cursor) query = query.Where(c => c.Id > cursor);

        var items = await query.OrderBy(c => c.Id).Take(limit + 1).ToListAsync(cancellation);
        var page = items.Take(limit).ToList();
        return new CountyPage(page, items.Count > limit ? page[^1].Id : null);
    }
}
