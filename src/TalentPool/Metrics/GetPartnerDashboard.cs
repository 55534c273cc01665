using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TalentPool.Auth;
using TalentPool.Common;
using TalentPool.Hosting;
using TalentPool.Metrics.Csv;
using TalentPool.Partners;
using TalentPool.Regions;
using Wolverine.Http;

namespace TalentPool.Metrics;

/// <summary>A partner's dashboard as of a day (today by default), and how current the facts it is computed from are.</summary>
public sealed record PartnerDashboardAnswer(Guid PartnerId, PartnerDashboardFigures Figures, ReadModelFreshness Freshness);

public static class GetPartnerDashboardEndpoint
{
    public static ProblemDetails Validate(HttpContext http, TimeProvider clock, DateOnly? asOf = null) => AsOfDay.Check(http, asOf, clock);

    [EndpointSummary("A partner's dashboard: hires against last year, fees this year, time to hire, retention, internal hires")]
    [EndpointDescription(
        "A partner's dashboard as of today (UTC), or as of `asOf` (yyyy-MM-dd, from 2000-01-01 to today): the partner itself or " +
        "an admin. Hires this month and this year against the same days of last year, fees this year, median days from a " +
        "vacancy's posting to the hire recorded against it, retention of its hires at 3/6/12 months, internal hires it made and " +
        "lost: all computed as of that day from the dates the history records (a hire cancelled after it still counts). Open " +
        "vacancies and candidates per stage are the current pipeline, whatever `asOf`. An async read model: `freshness` tells " +
        "which event it reflects; `waitForWrites=true` waits (at most 5 s) until every event stored before the request is " +
        "reflected. `Accept: text/csv` answers a CSV file of one figure a row (figure, breakdown, value, currency; the freshness " +
        "in `X-Read-Model-*` headers).")]
    [WolverineGet("/api/v1/partners/{partnerId}/dashboard", OperationId = "GetPartnerDashboard"), Tags("Metrics")]
    [Authorize(Policy = AccessPolicies.PartnerSelfOrAdmin)]
    [ProducesResponseType<PartnerDashboardAnswer>(StatusCodes.Status200OK), ProducesCsv]
    [ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(
        Guid partnerId, IQuerySession session, ReadModelProgress progress, TimeProvider clock, CancellationToken cancellation,
        bool waitForWrites = false, DateOnly? asOf = null)
    {
        var partner = await session.LoadAsync<Partner>(partnerId, cancellation);
        if (partner is null) return Results.Problem(Problems.NotFound($"No partner {partnerId}."));
        var region = await session.LoadAsync<Region>(partner.RegionId, cancellation);

        // Freshness first: the counts read next reflect at least that much. Three document loads, the last one counts by day:
        // bounded by the calendar the history spans, whatever the number of hires.
        var freshness = await progress.ReadAsync(session, PartnerDashboardCountsProjection.ProjectionName, waitForWrites, cancellation);
        var counts = await session.LoadAsync<PartnerDashboardCounts>(partnerId, cancellation) ?? PartnerDashboardCounts.Empty(partnerId);
        var figures = PartnerDashboardFigures.Compute(counts, AsOfDay.Resolve(asOf, clock), region!.Currency);
        return MetricAnswer.Figures(new PartnerDashboardAnswer(partnerId, figures, freshness), a => a.Figures,
            $"partner_{partnerId}_dashboard_{figures.AsOf:yyyy-MM-dd}");
    }
}
