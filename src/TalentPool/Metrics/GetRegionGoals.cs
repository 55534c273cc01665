using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TalentPool.Auth;
using TalentPool.Common;
using TalentPool.Hosting;
using TalentPool.Regions;
using TalentPool.Talents;
using TalentPool.Metrics.Csv;
using Wolverine.Http;

namespace TalentPool.Metrics;

public static class GetRegionGoalsEndpoint
{
    [EndpointSummary("A region's progress against its goals: the shared talent base and hires to date against the long-range goal")]
    [EndpointDescription(
        "On the day `asOf` (yyyy-MM-dd; by default today, UTC): `talentBase`, the talents of the shared base (not erased) whose " +
        "consent to share with partners or municipalities is in force under the region's consent validity, against the " +
        "region's talent-base goal (`share`, 4 decimals); and `hires`, hires to date (recorded less cancelled, by month up to " +
        "and including asOf's month) against the region's long-range goal (10,000 hires by 2030-12 unless set), with the " +
        "remaining months (asOf's month through the goal's, both included), the monthly rate needed to reach it (remaining " +
        "hires / remaining months, rounded up) and the average monthly rate so far (since the month of the region's first " +
        "hire). The talent base is counted from the shared base as it stands now (withdrawals and erasures already " +
        "recorded count even for an earlier asOf). An admin, or a partner or municipality of the region; counts only. " +
        "Hires read an async read model: `freshness` tells which event it reflects; `waitForWrites=true` waits (at most 5 s) " +
        "for every event stored before the request." +
        " `Accept: text/csv` answers a CSV file of one figure a row (figure, breakdown, value; the freshness in `X-Read-Model-*` headers).")]
    [WolverineGet("/api/v1/regions/{regionId}/metrics/goals", OperationId = "GetRegionGoals"), Tags("Metrics")]
    [Authorize(Roles = $"{Roles.Admin},{Roles.Partner},{Roles.Municipality}")]
    [ProducesResponseType<RegionGoalsAnswer>(StatusCodes.Status200OK), ProducesCsv]
    [ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(
        Guid regionId, ClaimsPrincipal user, IQuerySession session, ReadModelProgress progress, TimeProvider clock,
        CancellationToken cancellation, DateOnly? asOf = null, bool waitForWrites = false)
    {
        var region = await RegionDetails.ReadAsync(regionId, session, cancellation);
        if (region is null) return Results.Problem(Problems.NotFound($"No region {regionId}."));
        if (await RegionMetricsRequest.RefusalAsync(regionId, user, session, cancellation) is { } refusal) return Results.Problem(refusal);

        // Today is measured to the moment, as the shared base does; another day at its end (UTC), counting the talents
        // registered by then.
        var day = asOf ?? clock.Today();
        DateTimeOffset? endOfDay = day == clock.Today() ? null : new DateTimeOffset(day.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var consentInForceSince = TalentConsents.InForceSince(endOfDay ?? clock.GetUtcNow(), region.ConsentValidityMonths);

        var freshness = await progress.ReadAsync(session, RegionHiresPerMonthProjection.ProjectionName, waitForWrites, cancellation);
        var (hiresToDate, firstHireMonth) = await RegionGoalsFacts.HiresToDateAsync(session, regionId, BillingMonth.Of(day), cancellation);
        var talents = await RegionGoalsFacts.SharedTalentBaseAsync(session, consentInForceSince, endOfDay, cancellation);

        var answer = new RegionGoalsAnswer(
            regionId, day,
            RegionGoals.TalentBase(consentInForceSince, talents, region.TalentBaseGoal),
            RegionGoals.Hires(region.LongRangeGoal, day, hiresToDate, firstHireMonth),
            freshness);
        return MetricAnswer.Figures(answer, a => new { a.AsOf, a.TalentBase, a.Hires }, $"region_{regionId}_goals_{day:yyyy-MM-dd}");
    }
}
