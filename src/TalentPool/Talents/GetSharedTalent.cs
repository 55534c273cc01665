using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TalentPool.Auth;
using TalentPool.Hosting;
using Wolverine.Http;

namespace TalentPool.Talents;

public static class GetSharedTalentEndpoint
{
    [EndpointSummary("One talent of the shared base")]
    [EndpointDescription("One talent of the shared base, as the search lists it: a talent of the caller's region, or of another region "
        + "who consents to be seen in the caller's, whose consent to share with the caller's kind of member is in force (as for the search: "
        + "partners see consents to partners, municipalities to municipalities, an admin chooses with `scope`). 404 for any other talent, "
        + "exactly as for one that does not exist.")]
    [WolverineGet("/api/v1/shared-talents/{talentId}", OperationId = "GetSharedTalent"), Tags("Talents")]
    [Authorize(Roles = $"{Roles.Partner},{Roles.Municipality},{Roles.Admin}")]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    [ProducesResponseType<SharedTalentCard>(StatusCodes.Status200OK)]
    public static async Task<SharedTalentCard?> Get(
        Guid talentId, ClaimsPrincipal user, IQuerySession session, TimeProvider clock, CancellationToken cancellation,
        ConsentScope scope = ConsentScope.Partners)
    {
        var (consentScope, validityMonths) = await SharedTalentsEndpoint.ConsentScopeOf(user, scope, session, cancellation);
        var now = clock.GetUtcNow();
        var filter = new SharedTalentFilter(consentScope, TalentConsents.InForceSince(now, validityMonths), OtherRegions: true, Now: now);
        return await SharedTalentSearch.FindAsync(session, filter, talentId, cancellation) is { } match ? SharedTalentCard.Of(match) : null;
    }
}
