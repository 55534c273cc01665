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

public static class GetRegionMemberChurnEndpoint
{
    public static ProblemDetails Validate([StringLength(InputLimits.Month), RegularExpression(BillingMonth.Pattern, ErrorMessage = BillingMonth.PatternMessage)] string? from = null, [StringLength(InputLimits.Month), RegularExpression(BillingMonth.Pattern, ErrorMessage = BillingMonth.PatternMessage)] string? to = null) => RegionMetricsRequest.ValidatePeriod(from, to);

    [EndpointSummary("A region's member churn: partners and municipalities whose membership ended, per month and over the period")]
    [EndpointDescription(
        "Per month from `from` to `to` (yyyy-MM, both included, at most 60 months; by default the twelve months up to the current " +
        "one, or twelve from/to the one given) and over the whole period, for partners, municipalities and both: `membersAtStart` " +
        "(members on the first day by a membership begun before it), `joined` (a membership begun on a day of it), `ended` (a " +
        "membership whose last day is a day of it: a cancellation in force from the 1st ends the month before; an ending dated " +
        "later counts in its own month) and `churnRate` = ended / members at start (4 decimals, null without members at start). " +
        "An admin, or a partner or municipality of the region; counts only, no member is named. An async read model: " +
        "`freshness` tells which event it reflects; `waitForWrites=true` waits (at most 5 s) for every event stored before the request." +
        " `Accept: text/csv` answers a CSV file of one row per month (the period's figures follow from the months; the freshness in `X-Read-Model-*` headers).")]
    [WolverineGet("/api/v1/regions/{regionId}/metrics/member-churn", OperationId = "GetRegionMemberChurn"), Tags("Metrics")]
    [Authorize(Roles = $"{Roles.Admin},{Roles.Partner},{Roles.Municipality}")]
    [ProducesResponseType<RegionMemberChurnAnswer>(StatusCodes.Status200OK), ProducesCsv]
    [ProducesProblem(StatusCodes.Status400BadRequest), ProducesProblem(StatusCodes.Status403Forbidden), ProducesProblem(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(
        Guid regionId, ClaimsPrincipal user, IQuerySession session, ReadModelProgress progress, TimeProvider clock,
        CancellationToken cancellation, [StringLength(InputLimits.Month), RegularExpression(BillingMonth.Pattern, ErrorMessage = BillingMonth.PatternMessage)] string? from = null, [StringLength(InputLimits.Month), RegularExpression(BillingMonth.Pattern, ErrorMessage = BillingMonth.PatternMessage)] string? to = null, bool waitForWrites = false)
    {
        var (_, refusal) = await RegionMetricsRequest.RegionForAsync(regionId, user, session, cancellation);
        if (refusal is not null) return Results.Problem(refusal);

        var months = RegionMetricsRequest.MonthsOf(from, to, clock);
        // Freshness first: the document read next reflects at least that much. One document per region.
        var freshness = await progress.ReadAsync(session, RegionMembersProjection.ProjectionName, waitForWrites, cancellation);
        var members = await session.LoadAsync<RegionMembers>(regionId, cancellation) ?? RegionMembers.Empty(regionId);

        var (figures, period) = MemberChurn.Compute(months, members.Members);
        return MetricAnswer.Rows(new RegionMemberChurnAnswer(regionId, figures, period, freshness), a => a.Months,
            $"region_{regionId}_member-churn_{period.From}_{period.To}");
    }
}
