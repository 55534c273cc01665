using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TalentPool.Auth;
using TalentPool.Common;
using TalentPool.Hosting;
using TalentPool.Metrics.Csv;
using TalentPool.Municipalities;
using TalentPool.Partners;
using TalentPool.Regions;
using Wolverine.Http;

namespace TalentPool.Metrics;

public static class GetRegionMonthlyMetricsEndpoint
{
    /// <summary>The period when none is asked for: the twelve months up to the current one.</summary>
    private const int DefaultPeriodMonths = 12;

    public static ProblemDetails Validate(string? from = null, string? to = null)
    {
        var errors = new Dictionary<string, string[]>();
        var fromOk = BillingMonth.TryParse(from, out var first);
        var toOk = BillingMonth.TryParse(to, out var last);
        if (from is not null && !fromOk) errors["from"] = [BillingMonth.NotAMonth(from)];
        if (to is not null && !toOk) errors["to"] = [BillingMonth.NotAMonth(to)];
        if (fromOk && toOk && first > last) errors["to"] = [$"'to' ({to}) comes before 'from' ({from})."];
        else if (fromOk && toOk && (last.Year - first.Year) * 12 + last.Month - first.Month + 1 > RegionMonthlyMetrics.LongestPeriodMonths)
        {
            errors["to"] = [$"A period is at most {RegionMonthlyMetrics.LongestPeriodMonths} months; ask for the rest in another request."];
        }
        return errors.Count == 0 ? WolverineContinue.NoProblems : Problems.Invalid(errors);
    }


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
        CancellationToken cancellation, string? from = null, string? to = null, bool waitForWrites = false)
    {
        var region = await session.LoadAsync<Region>(regionId, cancellation);
        if (region is null) return Results.Problem(Problems.NotFound($"No region {regionId}."));
        if (!user.IsAdmin() && await MemberRegionAsync(user, session, cancellation) != regionId)
        {
            return Results.Problem(Problems.Forbidden("Only the region's own members see its metrics."));
        }

        var months = RegionMonthlyMetrics.MonthsBetween(PeriodOf(from, to, clock));

        // Freshness first: the months read next reflect at least that much. One document per month: a bounded read.
        var freshness = await progress.ReadAsync(RegionHiresPerMonthProjection.ProjectionName, waitForWrites, cancellation);
        var ids = months.Select(m => RegionHiresPerMonth.IdFor(regionId, m.FirstDay)).ToArray();
        var documents = (await session.LoadManyAsync<RegionHiresPerMonth>(cancellation, ids)).ToDictionary(d => d.Month);

        var (figures, period) = RegionMonthlyMetrics.Compute(months, documents, region.MonthlyHireTarget);
        return MetricAnswer.Rows(new RegionMonthlyMetricsAnswer(regionId, region.MonthlyHireTarget, figures, period, freshness), a => a.Months,
            $"region_{regionId}_monthly-metrics_{period.From}_{period.To}");
    }

    private static (BillingMonth From, BillingMonth To) PeriodOf(string? from, string? to, TimeProvider clock)
    {
        var hasFrom = BillingMonth.TryParse(from, out var first);
        var hasTo = BillingMonth.TryParse(to, out var last);
        if (hasFrom && hasTo) return (first, last);
        if (hasFrom) return (first, Of(first.FirstDay.AddMonths(DefaultPeriodMonths - 1)));
        if (!hasTo) last = BillingMonth.Of(clock.Today());
        return (Of(last.FirstDay.AddMonths(1 - DefaultPeriodMonths)), last);
    }

    private static BillingMonth Of(DateOnly day) => BillingMonth.Of(day);

    private static async Task<Guid?> MemberRegionAsync(ClaimsPrincipal user, IQuerySession session, CancellationToken cancellation)
    {
        if (user.PartnerId() is { } partnerId) return (await session.LoadAsync<Partner>(partnerId, cancellation))?.RegionId;
        if (user.MunicipalityId() is { } municipalityId) return (await session.LoadAsync<Municipality>(municipalityId, cancellation))?.RegionId;
        return null;
    }
}
