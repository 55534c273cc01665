using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Authorization;
using TalentPool.Auth;
using TalentPool.Hosting;
using Wolverine.Http;

namespace TalentPool.Municipalities;

public static class GetMunicipalityEndpoint
{
    [EndpointSummary("Read a municipality")]
    [EndpointDescription("Read a municipality: the municipality itself or an admin. `isMember`, `population` and `paidBy` are as of today (UTC); `terms`, `populations` and `payers` are the dated history.")]
    [WolverineGet("/api/v1/municipalities/{municipalityId}", OperationId = "GetMunicipality"), Tags("Municipalities")]
    [Authorize(Policy = AccessPolicies.MunicipalitySelfOrAdmin)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    [ProducesResponseType<MunicipalityDetails>(StatusCodes.Status200OK)]
    public static Task<MunicipalityDetails?> Get(Guid municipalityId, IQuerySession session, TimeProvider clock, CancellationToken cancellation) =>
        MunicipalityDetails.ReadAsync(municipalityId, session, clock, cancellation);
}
