using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TalentPool.Common;
using TalentPool.Auth;
using TalentPool.Hosting;
using TalentPool.Regions;
using TalentPool.Metrics.Csv;
using Wolverine.Http;

namespace TalentPool.Metrics;

public static class GetRegionTargetMarketsEndpoint
{
    public static ProblemDetails Validate([StringLength(InputLimits.Month), RegularExpression(BillingMonth.Pattern, ErrorMessage = BillingMonth.PatternMessage)] string? from = null, [StringLength(InputLimits.Month), RegularExpression(BillingMonth.Pattern, ErrorMessage = BillingMonth.PatternMessage)] string? to = null) => RegionMetricsRequest.ValidatePeriod(from, to);

    [EndpointSummary("A region's target markets: registrations and hires by country and competence area over a period")]
    [EndpointDescription(
        "Over the months from `from` to `to` (yyyy-MM, both included, at most 60 months; by default the twelve months up to the " +
        "current one, or twelve from/to the one given): talents registered and the region's hires, each in all, by country, by " +
        "competence area (a talent with two areas counts in both) and by country and competence area. Registrations count by the " +
        "country of residence and competence areas given at registration, in the month (UTC) of registration; hires by the " +
        "talent's country and competence areas the hire recorded, in the hire date's month, as recorded (a later cancellation " +
        "does not take one out). Known deviation until regions are tenants: talents are not tied to a region, so " +
        "`registrations` are the region's own (`registrationsScope`: `region`). An erased talent's registration " +
        "still counts, as an anonymous fact. An admin, or a partner or municipality of the region; counts only, no member or " +
        "talent is named. An async read model: `freshness` tells which event it reflects; `waitForWrites=true` waits (at most " +
        "5 s) for every event stored before the request." +
        " `Accept: text/csv` answers a CSV file of one count a row (figure, breakdown, value; the freshness in `X-Read-Model-*` headers).")]
    [WolverineGet("/api/v1/regions/{regionId}/metrics/target-markets", OperationId = "GetRegionTargetMarkets"), Tags("Metrics")]
    [Authorize(Roles = $"{Roles.Admin},{Roles.Partner},{Roles.Municipality}")]
    [ProducesResponseType<RegionTargetMarketsAnswer>(StatusCodes.Status200OK), ProducesCsv]
    [ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(
        Guid regionId, ClaimsPrincipal user, IQuerySession session, ReadModelProgress progress, TimeProvider clock,
        CancellationToken cancellation, [StringLength(InputLimits.Month), RegularExpression(BillingMonth.Pattern, ErrorMessage = BillingMonth.PatternMessage)] string? from = null, [StringLength(InputLimits.Month), RegularExpression(BillingMonth.Pattern, ErrorMessage = BillingMonth.PatternMessage)] string? to = null, bool waitForWrites = false)
    {
        var (_, refusal) = await RegionMetricsRequest.RegionForAsync(regionId, user, session, cancellation);
        if (refusal is not null) return Results.Problem(refusal);

        var months = RegionMetricsRequest.MonthsOf(from, to, clock);
        // Freshness first: the months read next reflect at least that much. Two documents per month: a bounded read.
        var freshness = await progress.ReadAsync(session, TargetMarketMonthProjection.ProjectionName, waitForWrites, cancellation);
        var registrationIds = TargetMarkets.RegistrationIds(months);
        var documents = await session.LoadManyAsync<TargetMarketMonth>(
            cancellation, [.. registrationIds, .. TargetMarkets.HireIds(regionId, months)]);

        var answer = new RegionTargetMarketsAnswer(
            regionId, months[0].ToString(), months[^1].ToString(), TargetMarkets.RegionScope,
            TargetMarkets.Sum(documents.Where(d => registrationIds.Contains(d.Id))),
            TargetMarkets.Sum(documents.Where(d => !registrationIds.Contains(d.Id))),
            freshness);
        return MetricAnswer.Figures(answer, a => new { a.From, a.To, a.RegistrationsScope, a.Registrations, a.Hires },
            $"region_{regionId}_target-markets_{answer.From}_{answer.To}");
    }
}
