using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TalentPool.Auth;
using TalentPool.Billing;
using TalentPool.Common;
using TalentPool.Hosting;
using TalentPool.Metrics.Csv;
using TalentPool.Municipalities;
using TalentPool.Regions;
using TalentPool.Talents;
using Wolverine.Http;

namespace TalentPool.Metrics;

/// <summary>A municipality's dashboard as of a day (today by default).</summary>
public sealed record MunicipalityDashboardAnswer(Guid MunicipalityId, MunicipalityDashboardFigures Figures);

public static class GetMunicipalityDashboardEndpoint
{
    public static ProblemDetails Validate(HttpContext http, TimeProvider clock, DateOnly? asOf = null) => AsOfDay.Check(http, asOf, clock);

    [EndpointSummary("A municipality's dashboard: talents who want to live there by competence area, its licence cost this year")]
    [EndpointDescription(
        "A municipality's dashboard as of today (UTC): the municipality itself or an admin. Talents who want to live there: " +
        "talents of the shared base whose consent to share with municipalities is in force (the region's validity) and who name " +
        "it among their preferred municipalities, counted in all and per competence area, never named. Its licence cost this year: the " +
        "licence lines of each month from January through the current month, as its statements read them (its own statement, " +
        "or its regional council's when the council pays; a closed month's frozen lines; the current month in full). Read from " +
        "inline documents, so it is always current. `asOf` (yyyy-MM-dd, from 2000-01-01 to today) computes the licence cost as of " +
        "that day: January through its month of its year, as the statements read now; talents who want to live there are today's " +
        "shared base, whatever `asOf`. `Accept: text/csv` answers a CSV file of one figure a row (figure, breakdown, value, currency).")]
    [WolverineGet("/api/v1/municipalities/{municipalityId}/dashboard", OperationId = "GetMunicipalityDashboard"), Tags("Metrics")]
    [Authorize(Policy = AccessPolicies.MunicipalitySelfOrAdmin)]
    [ProducesResponseType<MunicipalityDashboardAnswer>(StatusCodes.Status200OK), ProducesCsv]
    [ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(
        Guid municipalityId, IQuerySession session, TimeProvider clock, CancellationToken cancellation, DateOnly? asOf = null)
    {
        var municipality = await session.LoadAsync<Municipality>(municipalityId, cancellation);
        if (municipality is null) return Results.Problem(Problems.NotFound($"No municipality {municipalityId}."));
        var region = await session.LoadAsync<Region>(municipality.RegionId, cancellation);

        // Bounded reads whatever the history: no partner and no hire is loaded (licence lines read neither), and the
        // talents are counted in PostgreSQL through the shared base's indexes.
        var today = AsOfDay.Resolve(asOf, clock); // the day the dated figures are as of
        var ledger = await BillingFactsLoader.LoadLicenceFactsAsync(session, region!, MunicipalityLicenceCost.MonthsThisYear(today), cancellation);
        var talents = await MunicipalityDashboardTalents.CountAsync(session, municipality.Number,
            TalentConsents.InForceSince(clock.GetUtcNow(), region!.ConsentValidityMonths), cancellation);
        var figures = new MunicipalityDashboardFigures(today, talents, MunicipalityLicenceCost.ThisYear(municipalityId, ledger, today));
        return MetricAnswer.Figures(new MunicipalityDashboardAnswer(municipalityId, figures), a => a.Figures,
            $"municipality_{municipalityId}_dashboard_{today:yyyy-MM-dd}");
    }
}
