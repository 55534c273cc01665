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

/// <summary>
/// A municipality's dashboard as of a day (today by default): the figures read from inline documents, and those of the hires located there,
/// read from an async one, with how current it is (<c>Freshness</c>).
/// </summary>
public sealed record MunicipalityDashboardAnswer(
    Guid MunicipalityId, MunicipalityDashboardFigures Figures, MunicipalityHireFigures HiresLocatedHere, ReadModelFreshness Freshness);

public static class GetMunicipalityDashboardEndpoint
{
    public static ProblemDetails Validate(HttpContext http, TimeProvider clock, DateOnly? asOf = null) => AsOfDay.Check(http, asOf, clock);

    [EndpointSummary("A municipality's dashboard: talents who want to live there, hires located there, newcomers still in the region, " +
        "\"+1\" employment, its licence cost this year")]
    [EndpointDescription(
        "A municipality's dashboard as of today (UTC): the municipality itself or an admin. Talents who want to live there: " +
        "talents of the shared base whose consent to share with municipalities is in force (the region's validity) and who name " +
        "it among their preferred municipalities, counted in all and per competence area, never named. Its licence cost this year: the " +
        "licence lines of each month from January through the current month, as its statements read them (its own statement, " +
        "or its regional council's when the council pays; a closed month's frozen lines; the current month in full). Read from " +
        "inline documents, so always current. `hiresLocatedHere`: hires whose workplace is the municipality (the vacancy's, or the " +
        "one the recruiter gave), cancelled ones left out: this month and this year against the same days of last year, in all " +
        "and by classification; newcomers (its external hires) still in the region 3/6/12 months after their start, of those " +
        "who started at least that long ago (leaving the region on the mark day is leaving; an employment ended inside the " +
        "region still counts); \"+1\" employment: of its placements whose talent had an accompanying partner, the share whose " +
        "partner found work in the region (hires recorded before hires said so are unknown, left out, and counted in " +
        "`unknownLeftOut`). Counts only, no talent named. An async read model: `freshness` tells which event it reflects; " +
        "`waitForWrites=true` waits (at most 5 s) until every event stored before the request is reflected. `asOf` (yyyy-MM-dd, " +
        "from 2000-01-01 to today) computes the dated figures as of that day: the licence cost January through its month of its " +
        "year, as the statements read now, and the hires located there with the dates the history records; talents who want to " +
        "live there are today's shared base, whatever `asOf`. `Accept: text/csv` answers a CSV file of one figure a row " +
        "(figure, breakdown, value, currency).")]
    [WolverineGet("/api/v1/municipalities/{municipalityId}/dashboard", OperationId = "GetMunicipalityDashboard"), Tags("Metrics")]
    [Authorize(Policy = AccessPolicies.MunicipalitySelfOrAdmin)]
    [ProducesResponseType<MunicipalityDashboardAnswer>(StatusCodes.Status200OK), ProducesCsv]
    [ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(
        Guid municipalityId, IQuerySession session, ReadModelProgress progress, TimeProvider clock, CancellationToken cancellation,
        DateOnly? asOf = null, bool waitForWrites = false)
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
        // Freshness first: the hire counts read next reflect at least that much. One document load, counts by day: bounded by
        // the calendar the history spans, whatever the number of hires.
        var freshness = await progress.ReadAsync(session, MunicipalityHireCountsProjection.ProjectionName, waitForWrites, cancellation);
        var hiresId = MunicipalityHireCounts.IdFor(municipality.RegionId, municipality.Number);
        var hires = await session.LoadAsync<MunicipalityHireCounts>(hiresId, cancellation)
            ?? MunicipalityHireCounts.Empty(municipality.RegionId, municipality.Number);
        var hiresLocatedHere = MunicipalityHireFigures.Compute(hires, today);
        return MetricAnswer.Figures(new MunicipalityDashboardAnswer(municipalityId, figures, hiresLocatedHere, freshness),
            a => new { a.Figures.AsOf, a.Figures.TalentsWantingToLiveHere, a.Figures.LicenceCostThisYear, a.HiresLocatedHere }, $"municipality_{municipalityId}_dashboard_{today:yyyy-MM-dd}");
    }
}
