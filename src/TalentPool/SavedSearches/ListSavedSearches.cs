using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TalentPool.Auth;
using TalentPool.Hosting;
using TalentPool.Webhooks;
using Wolverine.Http;

namespace TalentPool.SavedSearches;

/// <summary>A page of the caller's saved searches, oldest first; pass <c>next</c> as <c>after</c> for the following page.</summary>
public sealed record SavedSearchPage(IReadOnlyList<SavedSearchDetails> Items, Guid? Next);

public static class ListSavedSearchesEndpoint
{
    public static ProblemDetails Validate(int limit = Paging.DefaultLimit) => Paging.CheckLimit(limit);

    [EndpointSummary("List the caller's saved searches (an admin: a member's, or all)")]
    [EndpointDescription("List the caller's saved searches, oldest first. A member always reads its own; an admin reads those of `memberId`, or all. Paging is by cursor (`next` → `after`), at most 200 a page.")]
    [WolverineGet("/api/v1/saved-searches", OperationId = "ListSavedSearches"), Tags("SavedSearches")]
    [Authorize(Roles = SavedSearchAccess.MembersAndAdmin)]
    public static async Task<SavedSearchPage> List(
        ClaimsPrincipal user, IQuerySession session, CancellationToken cancellation,
        Guid? memberId = null, Guid? after = null, [Range(1, Paging.MaxLimit)] int limit = Paging.DefaultLimit)
    {
        var query = session.Query<SavedSearch>().Where(s => !s.Deleted);
        if ((user.IsAdmin() ? memberId : user.Member()?.Id ?? Guid.Empty) is { } member) query = query.Where(s => s.MemberId == member);
        if (after is { } cursor) query = query.Where(s => s.Id > cursor);
        var items = await query.OrderBy(s => s.Id).Take(limit + 1).ToListAsync(cancellation);
        var page = items.Take(limit).Select(SavedSearchDetails.Of).ToList();
        return new SavedSearchPage(page, items.Count > limit ? page[^1].Id : null);
    }
}
