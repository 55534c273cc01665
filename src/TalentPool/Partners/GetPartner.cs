using Marten;
using Microsoft.AspNetCore.Authorization;
using TalentPool.Auth;
using TalentPool.Hosting;
using Wolverine.Http;

namespace TalentPool.Partners;

public static class GetPartnerEndpoint
{
    [EndpointSummary("Read a partner")]
    [EndpointDescription("Read a partner: the partner itself or an admin.")]
    [WolverineGet("/api/v1/partners/{partnerId}", OperationId = "GetPartner"), Tags("Partners")]
    [Authorize(Policy = AccessPolicies.PartnerSelfOrAdmin)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public static Task<Partner?> Get(Guid partnerId, IQuerySession session, CancellationToken cancellation) =>
        session.LoadAsync<Partner>(partnerId, cancellation);
}
