using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TalentPool.Common;
using TalentPool.Auth;
using TalentPool.Hosting;
using TalentPool.Metrics.Csv;
using TalentPool.Regions;
using Wolverine.Http;

namespace TalentPool.Metrics;

public static class GetRegionMonthlyMetricsEndpoint
{
    public static ProblemDetails Validate([StringLength(InputLimits.Month), RegularExpression(BillingMonth.Pattern, ErrorMessage = BillingMonth.PatternMessage)] string? from = null, [StringLength(InputLimits.Month), RegularExpression(BillingMonth.Pattern, ErrorMessage = BillingMonth.PatternMessage)] string? to = null) => RegionMetricsRequest.ValidatePeriod(from, to);

    [EndpointSummary("A region's monthly metrics: hires against the target, by classification, cannibalisation rate, net talent inflow")]
    [EndpointDescription(
        "Per month from `from` to `to` (yyyy-MM, both included, at most 60 months; by default the twelve months up to the current " +
        "one, or twelve from/to the one given) and over the whole period: hires (by hire date) against the region's monthly target; " +
        "external / internal / local hires; the cannibalisation rate (internal / all hires, null without hires); placed talents " +
        "who left the region (by their employment's end) and the net talent inflow (external hires − those who left). " +
        "An admin, or a partner or municipality of the region; counts only, no member is named. An async read model: " +
        "`freshness` tells which event it reflects; `waitForWrites=true` waits (at most 5 s) for every event stored before the request. " +
        "`Accept: text/csv` answers a CSV file of one row per month of the period (the period's figures are the columns' sums, its " +
        "rate internal / hires of the sums; the freshness in `X-Read-Model-*` headers). The period follows the service's clock; " +
        "there is no `asOf`: `to` asks for the months up to a past one, and what is recorded later with an earlier date counts " +
        "in its month.")]
    [WolverineGet("/api/v1/regions/{regionId}/metrics/monthly", OperationId = "GetRegionMonthlyMetrics"), Tags("Metrics")]
    [Authorize(Roles = $"{Roles.Admin},{Roles.Partner},{Roles.Municipality}")]
    [ProducesResponseType<RegionMonthlyMetricsAnswer>(StatusCodes.Status200OK), ProducesCsv]
    [ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(
        Guid regionId, ClaimsPrincipal user, IQuerySession session, ReadModelProgress progress, TimeProvider clock,
        CancellationToken cancellation, [StringLength(InputLimits.Month), RegularExpression(BillingMonth.Pattern, ErrorMessage = BillingMonth.PatternMessage)] string? from = null, [StringLength(InputLimits.Month), RegularExpression(BillingMonth.Pattern, ErrorMessage = BillingMonth.PatternMessage)] string? to = null, bool waitForWrites = false)
    {
        var (region, refusal) = await RegionMetricsRequest.RegionForAsync(regionId, user, session, cancellation);
        if (refusal is not null) return Results.Problem(refusal);

        var months = RegionMetricsRequest.MonthsOf(from, to, clock);

        // Freshness first: the months read next reflect at least that much. One document per month: a bounded read.
        var freshness = await progress.ReadAsync(session, RegionHiresPerMonthProjection.ProjectionName, waitForWrites, cancellation);
        var ids = months.Select(m => RegionHiresPerMonth.IdFor(regionId, m.FirstDay)).ToArray();
        var documents = (await session.LoadManyAsync<RegionHiresPerMonth>(cancellation, ids)).ToDictionary(d => d.Month);

        var (figures, period) = RegionMonthlyMetrics.Compute(months, documents, region!.MonthlyHireTarget);
        return MetricAnswer.Rows(new RegionMonthlyMetricsAnswer(regionId, region.MonthlyHireTarget, figures, period, freshness), a => a.Months,
            $"region_{regionId}_monthly-metrics_{period.From}_{period.To}");
    }
}
