using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TalentPool.Hosting;
using Wolverine.Http;

namespace TalentPool.SavedSearches;

public static class GetSavedSearchEndpoint
{
    [EndpointSummary("Read one of the caller's saved searches")]
    [WolverineGet("/api/v1/saved-searches/{savedSearchId}", OperationId = "GetSavedSearch"), Tags("SavedSearches")]
    [Authorize(Roles = SavedSearchAccess.MembersAndAdmin)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    [ProducesResponseType<SavedSearchDetails>(StatusCodes.Status200OK)]
    public static async Task<SavedSearchDetails?> Get(Guid savedSearchId, ClaimsPrincipal user, IQuerySession session, CancellationToken cancellation) =>
        await session.LoadAsync<SavedSearch>(savedSearchId, cancellation) is { } search && user.Owns(search) ? SavedSearchDetails.Of(search) : null;
}
