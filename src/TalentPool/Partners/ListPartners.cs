using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TalentPool.Auth;
using TalentPool.Hosting;
using TalentPool.Regions;
using Wolverine.Http;

namespace TalentPool.Partners;

public static class ListPartnersEndpoint
{
    [EndpointSummary("List a region's partners, by name (admin)")]
    [WolverineGet("/api/v1/regions/{regionId}/partners", OperationId = "ListPartners"), Tags("Partners"), Authorize(Roles = Roles.Admin)]
    [ProducesResponseType<IReadOnlyList<Partner>>(StatusCodes.Status200OK)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(Guid regionId, IQuerySession session, CancellationToken cancellation)
    {
        var batch = session.CreateBatchQuery();
        var region = batch.Load<Region>(regionId);
        var partners = batch.Query<Partner>().Where(p => p.RegionId == regionId).OrderBy(p => p.Name).ToList();
        await batch.Execute(cancellation);
        return await region is null ? Results.Problem(Problems.NotFound($"No region {regionId}.")) : Results.Ok(await partners);
    }
}
