using Marten;
using Microsoft.AspNetCore.Authorization;
using TalentPool.Auth;
using TalentPool.Hosting;
using Wolverine.Http;

namespace TalentPool.Municipalities;

public static class GetMunicipalityEndpoint
{
    [EndpointSummary("Read a municipality")]
    [EndpointDescription("Read a municipality: the municipality itself or an admin.")]
    [WolverineGet("/api/v1/municipalities/{municipalityId}", OperationId = "GetMunicipality"), Tags("Municipalities")]
    [Authorize(Policy = AccessPolicies.MunicipalitySelfOrAdmin)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public static Task<Municipality?> Get(Guid municipalityId, IQuerySession session, CancellationToken cancellation) =>
        session.LoadAsync<Municipality>(municipalityId, cancellation);
}
