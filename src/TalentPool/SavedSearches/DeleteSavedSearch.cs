using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TalentPool.Hosting;
using Wolverine.Http;
using Wolverine.Marten;

namespace TalentPool.SavedSearches;

public static class DeleteSavedSearchEndpoint
{
    public static ProblemDetails Validate(Guid savedSearchId, SavedSearch? search, ClaimsPrincipal user) => SavedSearchAccess.Check(search, user, savedSearchId);

    [EndpointSummary("Delete a saved search: talents who come to match it are no longer sent")]
    [WolverineDelete("/api/v1/saved-searches/{savedSearchId}", OperationId = "DeleteSavedSearch"), Tags("SavedSearches")]
    [Authorize(Roles = SavedSearchAccess.MembersAndAdmin)]
    [EmptyResponse, ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public static Events Delete([WriteAggregate("savedSearchId")] SavedSearch search, TimeProvider clock) =>
        [SavedSearchDecisions.Delete(search, clock.GetUtcNow())];
}
