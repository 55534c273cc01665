using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TalentPool.Auth;
using TalentPool.Common;
using TalentPool.Hosting;
using TalentPool.Regions;
using Wolverine.Http;

namespace TalentPool.Partners;

public static class ListPartnersEndpoint
{
    [EndpointSummary("List a region's partners, by name (admin)")]
    [WolverineGet("/api/v1/regions/{regionId}/partners", OperationId = "ListPartners"), Tags("Partners"), Authorize(Roles = Roles.Admin)]
    [ProducesResponseType<IReadOnlyList<PartnerDetails>>(StatusCodes.Status200OK)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(Guid regionId, IQuerySession session, TimeProvider clock, CancellationToken cancellation)
    {
        var batch = session.CreateBatchQuery();
        var region = batch.Load<Region>(regionId);
        var partners = batch.Query<PartnerHistory>().Where(p => p.RegionId == regionId).OrderBy(p => p.Name).ToList();
        await batch.Execute(cancellation);
        if (await region is null) return Results.Problem(Problems.NotFound($"No region {regionId}."));
        var today = clock.Today();
        return Results.Ok((await partners).Select(history => PartnerDetails.AsOf(history, today)).ToList());
    }
}
