using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Mvc;
using TalentPool.Auth;
using TalentPool.Common;
using TalentPool.Hosting;
using TalentPool.Municipalities;
using TalentPool.Partners;
using TalentPool.Regions;
using Wolverine.Http;

namespace TalentPool.Metrics;

/// <summary>
/// What every region metric asks of its request, in one place: a period of months (<c>from</c>, <c>to</c>, yyyy-MM, both
/// included, at most <see cref="RegionMonthlyMetrics.LongestPeriodMonths"/>; by default the twelve months up to the current
/// one, or twelve from/to the one given), and a caller who is an admin or a member of the region.
/// </summary>
public static class RegionMetricsRequest
{
    /// <summary>The period when none is asked for: the twelve months up to the current one.</summary>
    private const int DefaultPeriodMonths = 12;

    public static ProblemDetails ValidatePeriod(string? from, string? to)
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

    /// <summary>The months asked for, every one listed (validated already by <see cref="ValidatePeriod"/>).</summary>
    public static IReadOnlyList<BillingMonth> MonthsOf(string? from, string? to, TimeProvider clock)
    {
        var hasFrom = BillingMonth.TryParse(from, out var first);
        var hasTo = BillingMonth.TryParse(to, out var last);
        if (hasFrom && !hasTo) last = BillingMonth.Of(first.FirstDay.AddMonths(DefaultPeriodMonths - 1));
        if (!hasFrom && !hasTo) last = BillingMonth.Of(clock.Today());
        if (!hasFrom) first = BillingMonth.Of(last.FirstDay.AddMonths(1 - DefaultPeriodMonths));
        return RegionMonthlyMetrics.MonthsBetween(first, last);
    }

    /// <summary>The region, or the problem to answer: 404 without it, 403 for a member of another region (or a talent, a recruiter).</summary>
    public static async Task<(Region? Region, ProblemDetails? Refusal)> RegionForAsync(
        Guid regionId, ClaimsPrincipal user, IQuerySession session, CancellationToken cancellation)
    {
        var region = await session.LoadAsync<Region>(regionId, cancellation);
        if (region is null) return (null, Problems.NotFound($"No region {regionId}."));
        if (!user.IsAdmin() && await MemberRegionAsync(user, session, cancellation) != regionId)
        {
            return (null, Problems.Forbidden("Only the region's own members see its metrics."));
        }
        return (region, null);
    }

    private static async Task<Guid?> MemberRegionAsync(ClaimsPrincipal user, IQuerySession session, CancellationToken cancellation)
    {
        if (user.PartnerId() is { } partnerId) return (await session.LoadAsync<Partner>(partnerId, cancellation))?.RegionId;
        if (user.MunicipalityId() is { } municipalityId) return (await session.LoadAsync<Municipality>(municipalityId, cancellation))?.RegionId;
        return null;
    }
}
