using System.ComponentModel.DataAnnotations;
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

public sealed record HiresInMonth(string Month, int Recorded, int External, int Internal, int Local, int Cancelled);

/// <summary>A region's hires per month, oldest month first, and how current the answer is.</summary>
public sealed record RegionHiresPerMonthAnswer(Guid RegionId, IReadOnlyList<HiresInMonth> Months, ReadModelFreshness Freshness);

public static class GetRegionHiresPerMonthEndpoint
{
    public static ProblemDetails Validate([StringLength(InputLimits.Month), RegularExpression(BillingMonth.Pattern, ErrorMessage = BillingMonth.PatternMessage)] string? from = null, [StringLength(InputLimits.Month), RegularExpression(BillingMonth.Pattern, ErrorMessage = BillingMonth.PatternMessage)] string? to = null)
    {
        var errors = new Dictionary<string, string[]>();
        if (from is not null && !BillingMonth.TryParse(from, out _)) errors["from"] = [BillingMonth.NotAMonth(from)];
        if (to is not null && !BillingMonth.TryParse(to, out _)) errors["to"] = [BillingMonth.NotAMonth(to)];
        return errors.Count == 0 ? WolverineContinue.NoProblems : Problems.Invalid(errors);
    }


    [EndpointSummary("A region's hires per month: recorded, by classification, and cancelled")]
    [EndpointDescription(
        "A region's hires per month (recorded in their hire date's month, by classification; cancelled in the cancellation's month), " +
        "optionally from/to a month (yyyy-MM): an admin, or a partner or municipality of the region; counts only, no member is named. " +
        "An async read model: `freshness` tells which event it reflects; `waitForWrites=true` waits (at most 5 s) until every event " +
        "stored before the request is reflected, and says whether that was reached. `Accept: text/csv` answers a CSV file of one row " +
        "per month (the freshness in `X-Read-Model-*` headers).")]
    [WolverineGet("/api/v1/regions/{regionId}/metrics/hires-per-month", OperationId = "GetRegionHiresPerMonth"), Tags("Metrics")]
    [Authorize(Roles = $"{Roles.Admin},{Roles.Partner},{Roles.Municipality}")]
    [ProducesResponseType<RegionHiresPerMonthAnswer>(StatusCodes.Status200OK), ProducesCsv]
    [ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(
        Guid regionId, ClaimsPrincipal user, IQuerySession session, ReadModelProgress progress, CancellationToken cancellation,
        [StringLength(InputLimits.Month), RegularExpression(BillingMonth.Pattern, ErrorMessage = BillingMonth.PatternMessage)] string? from = null, [StringLength(InputLimits.Month), RegularExpression(BillingMonth.Pattern, ErrorMessage = BillingMonth.PatternMessage)] string? to = null, bool waitForWrites = false)
    {
        var (_, refusal) = await RegionMetricsRequest.RegionForAsync(regionId, user, session, cancellation);
        if (refusal is not null) return Results.Problem(refusal);

        // Freshness first: the months read next reflect at least that much.
        var freshness = await progress.ReadAsync(session, RegionHiresPerMonthProjection.ProjectionName, waitForWrites, cancellation);
        var months = await session.Query<RegionHiresPerMonth>().Where(x => x.RegionId == regionId).ToListAsync(cancellation);
        var answer = months
            .Where(m => (from is null || string.CompareOrdinal(m.Month, from) >= 0) && (to is null || string.CompareOrdinal(m.Month, to) <= 0))
            .OrderBy(m => m.Month, StringComparer.Ordinal)
            .Select(m => new HiresInMonth(m.Month, m.Recorded, m.External, m.Internal, m.Local, m.Cancelled))
            .ToList();
        return MetricAnswer.Rows(new RegionHiresPerMonthAnswer(regionId, answer, freshness), a => a.Months,
            $"region_{regionId}_hires-per-month_{from ?? "first"}_{to ?? "last"}");
    }
}
