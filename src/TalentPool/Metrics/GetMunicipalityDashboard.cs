using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TalentPool.Auth;
using TalentPool.Billing;
using TalentPool.Common;
using TalentPool.Hosting;
using TalentPool.Municipalities;
using TalentPool.Regions;
using Wolverine.Http;

namespace TalentPool.Metrics;

/// <summary>A municipality's dashboard as of today.</summary>
public sealed record MunicipalityDashboardAnswer(Guid MunicipalityId, MunicipalityDashboardFigures Figures);

public static class GetMunicipalityDashboardEndpoint
{
    [EndpointSummary("A municipality's dashboard: its licence cost this year")]
    [EndpointDescription(
        "A municipality's dashboard as of today (UTC): the municipality itself or an admin. Its licence cost this year: the " +
        "licence lines of each month from January through the current month, as its statements read them (its own statement, " +
        "or its regional council's when the council pays; a closed month's frozen lines; the current month in full). Read from " +
        "inline documents, so it is always current.")]
    [WolverineGet("/api/v1/municipalities/{municipalityId}/dashboard", OperationId = "GetMunicipalityDashboard"), Tags("Metrics")]
    [Authorize(Policy = AccessPolicies.MunicipalitySelfOrAdmin)]
    [ProducesResponseType<MunicipalityDashboardAnswer>(StatusCodes.Status200OK)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(Guid municipalityId, IQuerySession session, TimeProvider clock, CancellationToken cancellation)
    {
        var municipality = await session.LoadAsync<Municipality>(municipalityId, cancellation);
        if (municipality is null) return Results.Problem(Problems.NotFound($"No municipality {municipalityId}."));
        var region = await session.LoadAsync<Region>(municipality.RegionId, cancellation);

        // A bounded read whatever the region's history: no partner and no hire is loaded (licence lines read neither).
        var today = clock.Today();
        var ledger = await BillingFactsLoader.LoadLicenceFactsAsync(session, region!, MunicipalityDashboardFigures.MonthsThisYear(today), cancellation);
        return Results.Ok(new MunicipalityDashboardAnswer(municipalityId, MunicipalityDashboardFigures.Compute(municipalityId, ledger, today)));
    }
}
