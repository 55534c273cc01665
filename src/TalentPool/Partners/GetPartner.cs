using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Authorization;
using TalentPool.Auth;
using TalentPool.Hosting;
using Wolverine.Http;

namespace TalentPool.Partners;

public static class GetPartnerEndpoint
{
    [EndpointSummary("Read a partner")]
    [EndpointDescription("Read a partner: the partner itself or an admin. `isMember` and `currentTier` are as of today (UTC); `terms` and `tiers` are the whole membership history.")]
    [WolverineGet("/api/v1/partners/{partnerId}", OperationId = "GetPartner"), Tags("Partners")]
    [Authorize(Policy = AccessPolicies.PartnerSelfOrAdmin)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    [ProducesResponseType<PartnerDetails>(StatusCodes.Status200OK)]
    public static Task<PartnerDetails?> Get(Guid partnerId, IQuerySession session, TimeProvider clock, CancellationToken cancellation) =>
        PartnerDetails.ReadAsync(partnerId, session, clock, cancellation);
}
