using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TalentPool.Auth;
using TalentPool.Hosting;
using TalentPool.Common;
using TalentPool.Metrics.Csv;
using Wolverine.Http;

namespace TalentPool.Metrics;

public static class GetRegionRetentionEndpoint
{
    public static ProblemDetails Validate([StringLength(InputLimits.Month), RegularExpression(BillingMonth.Pattern, ErrorMessage = BillingMonth.PatternMessage)] string? from = null, [StringLength(InputLimits.Month), RegularExpression(BillingMonth.Pattern, ErrorMessage = BillingMonth.PatternMessage)] string? to = null) => RegionMetricsRequest.ValidatePeriod(from, to);

    [EndpointSummary("A region's retention cohorts at 3, 6 and 12 months, monthly churn and the +1 employment rate")]
    [EndpointDescription(
        "For each start month from `from` to `to` (yyyy-MM, both included, at most 60 months; by default the twelve months up to " +
        "the current one, or twelve from/to the one given): the placements (hires not cancelled) that started in it and, at 3, 6 " +
        "and 12 months after their start, how many were still in the region, the retention share and churn (1 − retention; null " +
        "until `knownOn`, the last placement's mark). For each calendar month: placed talents in the region at its start, those " +
        "who left the region in it, and monthly churn (left / in the region at its start). Over the period's cohorts: of the " +
        "placements whose talent came with an accompanying partner, the share whose partner found work in the region. A hire " +
        "counts from its start date; a cancelled hire is no placement; an employment that ended without leaving the region " +
        "keeps the talent in the region. An admin, or a partner or municipality of the region; counts only, no member is named. " +
        "An async read model: `freshness` tells which event it reflects; `waitForWrites=true` waits (at most 5 s) for every " +
        "event stored before the request." +
        " `Accept: text/csv` answers a CSV file of one figure a row (figure, breakdown, value; the freshness in `X-Read-Model-*` headers).")]
    [WolverineGet("/api/v1/regions/{regionId}/metrics/retention", OperationId = "GetRegionRetention"), Tags("Metrics")]
    [Authorize(Roles = $"{Roles.Admin},{Roles.Partner},{Roles.Municipality}")]
    [ProducesResponseType<RegionRetentionAnswer>(StatusCodes.Status200OK), ProducesCsv]
    [ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(
        Guid regionId, ClaimsPrincipal user, IQuerySession session, ReadModelProgress progress, TimeProvider clock,
        CancellationToken cancellation, [StringLength(InputLimits.Month), RegularExpression(BillingMonth.Pattern, ErrorMessage = BillingMonth.PatternMessage)] string? from = null, [StringLength(InputLimits.Month), RegularExpression(BillingMonth.Pattern, ErrorMessage = BillingMonth.PatternMessage)] string? to = null, bool waitForWrites = false)
    {
        var (_, refusal) = await RegionMetricsRequest.RegionForAsync(regionId, user, session, cancellation);
        if (refusal is not null) return Results.Problem(refusal);

        var today = clock.Today();
        var months = RegionMetricsRequest.MonthsOf(from, to, clock);

        // Freshness first: the documents read next reflect at least that much. Two projections feed the answer; it is as
        // fresh as the one further behind. A bounded read: one cohort's counts per month asked for, and the placed talents'
        // month rows of those months and the one before them (running totals kept beside the document, never the document).
        var freshness = Behind(
            await progress.ReadAsync(session, RegionRetentionCountsProjection.ProjectionName, waitForWrites, cancellation),
            await progress.ReadAsync(session, RegionPlacedTalentsProjection.ProjectionName, waitForWrites, cancellation));
        var ids = months.Select(m => RegionRetentionCounts.IdFor(regionId, m.FirstDay)).ToArray();
        var cohorts = (await session.LoadManyAsync<RegionRetentionCounts>(cancellation, ids)).ToDictionary(c => c.StartMonth);
        var flow = await RegionPlacedTalentsMonths.WindowAsync(session, regionId, months[0], months[^1], cancellation);

        var (figures, churn, plusOne) = RegionRetention.Compute(months, cohorts, flow, today);
        var answer = new RegionRetentionAnswer(
            regionId, months[0].ToString(), months[^1].ToString(), today, figures, churn, plusOne, freshness);
        return MetricAnswer.Figures(answer, a => new { a.AsOf, a.Cohorts, a.Months, a.AccompanyingPartnerEmployment },
            $"region_{regionId}_retention_{answer.From}_{answer.To}");
    }

    private static ReadModelFreshness Behind(ReadModelFreshness a, ReadModelFreshness b)
    {
        var behind = a.Sequence <= b.Sequence ? a : b;
        var wait = a.Wait is null ? (WaitOutcome?)null
            : a.Wait == WaitOutcome.TimedOut || b.Wait == WaitOutcome.TimedOut ? WaitOutcome.TimedOut : WaitOutcome.Reached;
        return behind with { LatestSequence = Math.Max(a.LatestSequence, b.LatestSequence), IsCurrent = a.IsCurrent && b.IsCurrent, Wait = wait };
    }
}
