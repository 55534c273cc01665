using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TalentPool.Hosting;
using Wolverine.Http;

namespace TalentPool.Regions;

public static class GetCountyEndpoint
{
    [EndpointSummary("Read a county with its country and municipalities")]
    [EndpointDescription("Read a county with its country and its municipalities over time: any signed-in caller.")]
    [WolverineGet("/api/v1/counties/{countyId}", OperationId = "GetCounty"), Tags("Regions"), Authorize, NotTenanted]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    [ProducesResponseType<CountyDetails>(StatusCodes.Status200OK)]
    public static Task<CountyDetails?> Get(Guid countyId, IQuerySession session, CancellationToken cancellation) =>
        CountyDetails.ReadAsync(countyId, session, cancellation);
}
