using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Authorization;
using TalentPool.Hosting;
using Wolverine.Http;
using TalentPool.Auth;

namespace TalentPool.Talents;

public static class GetTalentEndpoint
{
    [EndpointSummary("Read a talent's own profile")]
    [EndpointDescription("Read a talent's own profile: the talent itself or an admin.")]
    [WolverineGet("/api/v1/talents/{talentId}", OperationId = "GetTalent"), Tags("Talents")]
    [Authorize(Policy = AccessPolicies.TalentSelfOrAdmin)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    [ProducesResponseType<TalentProfileView>(StatusCodes.Status200OK)]
    public static Task<TalentProfileView?> Get(Guid talentId, IQuerySession session, CancellationToken cancellation) =>
        TalentProfileView.ReadAsync(talentId, session, cancellation);
}
