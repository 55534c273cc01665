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
/// What every region metric endpoint checks the same way: a period of months (from/to, both included, at most
/// <see cref="RegionMonthlyMetrics.LongestPeriodMonths"/>; by default the twelve months up to the current one, or twelve
/// from/to the one given), and who may read a region's aggregates (an admin, or a partner or municipality of the region).
/// </summary>
public static class RegionMetricsRequest
{
    /// <summary>The period when none is asked for: the twelve months up to the current one.</summary>
    public const int DefaultPeriodMonths = 12;

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

    /// <summary>The months asked for (validated before): both given, or twelve from/to the one given, or the twelve up to now.</summary>
    public static IReadOnlyList<BillingMonth> MonthsOf(string? from, string? to, TimeProvider clock)
    {
        var hasFrom = BillingMonth.TryParse(from, out var first);
        var hasTo = BillingMonth.TryParse(to, out var last);
        if (hasFrom && !hasTo) last = BillingMonth.Of(first.FirstDay.AddMonths(DefaultPeriodMonths - 1));
        else if (!hasFrom)
        {
            if (!hasTo) last = BillingMonth.Of(clock.Today());
            first = BillingMonth.Of(last.FirstDay.AddMonths(1 - DefaultPeriodMonths));
        }
        return RegionMonthlyMetrics.MonthsBetween(first, last);
    }

    /// <summary>
    /// A problem when the caller may not read the region's aggregates: an admin may, a partner or municipality of the
    /// region may (counts only), anyone else not. Null when the caller may.
    /// </summary>
    public static async Task<ProblemDetails?> RefusalAsync(Guid regionId, ClaimsPrincipal user, IQuerySession session, CancellationToken cancellation)
    {
        if (user.IsAdmin()) return null;
        Guid? memberRegion = user.PartnerId() is { } partnerId
            ? (await session.LoadAsync<Partner>(partnerId, cancellation))?.RegionId
            : user.MunicipalityId() is { } municipalityId
                ? (await session.LoadAsync<Municipality>(municipalityId, cancellation))?.RegionId
                : null;
        return memberRegion == regionId ? null : Problems.Forbidden("Only the region's own members see its metrics.");
    }

    /// <summary>The region, or the problem to answer: 404 without it, 403 for a caller who may not read its aggregates.</summary>
    public static async Task<(Region? Region, ProblemDetails? Refusal)> RegionForAsync(
        Guid regionId, ClaimsPrincipal user, IQuerySession session, CancellationToken cancellation)
    {
        var region = await session.LoadAsync<Region>(regionId, cancellation);
        if (region is null) return (null, Problems.NotFound($"No region {regionId}."));
        return await RefusalAsync(regionId, user, session, cancellation) is { } refusal ? (null, refusal) : (region, null);
    }
}
