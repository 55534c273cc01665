using TalentPool.Common;
using TalentPool.Regions;

namespace TalentPool.Metrics;

/// <summary>
/// The shared talent base against the region's goal (PRODUCT.md: "Shared talent base: talents not erased whose consent
/// to share is in force … Progress against the region's goal (default 10,000)"): <c>Talents</c> whose consent to share
/// with partners or with municipalities was given after <c>ConsentInForceSince</c>; <c>Share</c> = talents / goal, 4 decimals.
/// </summary>
public sealed record TalentBaseProgress(DateTimeOffset ConsentInForceSince, int Talents, int Goal, decimal Share);

/// <summary>
/// Hires to date against the region's long-range goal (T10: 10,000 jobs by 2030, unless the region set another).
/// <c>HiresToDate</c>: hires recorded less hires cancelled, in the months up to and including the one of the day asked
/// about; <c>RemainingMonths</c>: that month through the goal's month, both included; <c>RequiredMonthlyRate</c>: the
/// remaining hires / the remaining months, rounded up to a whole hire (null once the goal's month has passed with hires
/// remaining); <c>AverageMonthlyRateSoFar</c>: hires to date / the months from the region's first hire's month through
/// the month asked about, 2 decimals (null before any hire).
/// </summary>
public sealed record LongRangeGoalProgress(
    int Goal, BillingMonth By, int HiresToDate, int RemainingHires, int RemainingMonths, int? RequiredMonthlyRate,
    BillingMonth? FirstHireMonth, int MonthsSoFar, decimal? AverageMonthlyRateSoFar);

/// <summary>A region's progress against its goals on a day.</summary>
public sealed record RegionGoalsAnswer(
    Guid RegionId, DateOnly AsOf, TalentBaseProgress TalentBase, LongRangeGoalProgress Hires, ReadModelFreshness Freshness);

/// <summary>The arithmetic of the region's goals, pure.</summary>
public static class RegionGoals
{
    public static TalentBaseProgress TalentBase(DateTimeOffset consentInForceSince, int talents, int goal) =>
        new(consentInForceSince, talents, goal, Math.Round((decimal)talents / goal, 4, MidpointRounding.AwayFromZero));

    public static LongRangeGoalProgress Hires(LongRangeHireGoal goal, DateOnly asOf, int hiresToDate, BillingMonth? firstHireMonth)
    {
        var current = BillingMonth.Of(asOf);
        var remainingHires = Math.Max(0, goal.Hires - hiresToDate);
        var remainingMonths = Math.Max(0, MonthsFromThrough(current, goal.By));
        int? required = remainingHires == 0 ? 0 : remainingMonths == 0 ? null : (remainingHires + remainingMonths - 1) / remainingMonths;
        var monthsSoFar = firstHireMonth is { } first ? Math.Max(0, MonthsFromThrough(first, current)) : 0;
        decimal? average = monthsSoFar == 0 ? null : Math.Round((decimal)hiresToDate / monthsSoFar, 2, MidpointRounding.AwayFromZero);
        return new LongRangeGoalProgress(
            goal.Hires, goal.By, hiresToDate, remainingHires, remainingMonths, required, firstHireMonth, monthsSoFar, average);
    }

    /// <summary>How many months from <paramref name="from"/> through <paramref name="through"/>, both included (≤ 0 when reversed).</summary>
    public static int MonthsFromThrough(BillingMonth from, BillingMonth through) =>
        (through.Year - from.Year) * 12 + through.Month - from.Month + 1;
}
