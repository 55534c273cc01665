using TalentPool.Common;
using TalentPool.Metrics;
using TalentPool.Regions;

namespace TalentPool.Tests.Metrics;

/// <summary>
/// The goals' arithmetic without a database: the talent base against its goal, hires to date against the long-range goal
/// (T10: 10,000 jobs by 2030) with the monthly rate needed, rounded up, and the average so far.
/// </summary>
public sealed class RegionGoalsTests
{
    private static readonly LongRangeHireGoal By2030 = LongRangeHireGoal.Default;

    [Fact]
    public void The_default_long_range_goal_is_ten_thousand_hires_by_the_end_of_2030()
    {
        By2030.ShouldBe(new LongRangeHireGoal(10_000, new BillingMonth(2030, 12)));
    }

    [Fact]
    public void The_rate_needed_is_the_remaining_hires_over_the_remaining_months_rounded_up_and_the_average_is_since_the_first_hire()
    {
        // 10,000 − 1,234 = 8,766 hires in November 2026 … December 2030: 2 + 48 = 50 months, 175.32 → 176 a month.
        // 1,234 hires over January … November 2026, 11 months: 112.1818… → 112.18.
        var progress = RegionGoals.Hires(By2030, new DateOnly(2026, 11, 25), 1_234, new BillingMonth(2026, 1));

        progress.ShouldBe(new LongRangeGoalProgress(
            Goal: 10_000, By: new BillingMonth(2030, 12), HiresToDate: 1_234, RemainingHires: 8_766, RemainingMonths: 50,
            RequiredMonthlyRate: 176, FirstHireMonth: new BillingMonth(2026, 1), MonthsSoFar: 11, AverageMonthlyRateSoFar: 112.18m));
    }

    [Theory]
    [InlineData(9_900, 2)] // 100 over 50 months: exactly 2
    [InlineData(9_899, 3)] // 101 over 50 months: 2.02, rounded up
    [InlineData(10_000, 0)] // reached
    [InlineData(12_000, 0)] // passed: nothing remains
    public void The_rate_needed_is_a_whole_hire_never_less_than_what_remains_needs(int hiresToDate, int required)
    {
        RegionGoals.Hires(By2030, new DateOnly(2026, 11, 1), hiresToDate, new BillingMonth(2026, 1)).RequiredMonthlyRate.ShouldBe(required);
    }

    [Fact]
    public void Once_the_goals_month_has_passed_with_hires_remaining_no_rate_can_reach_it()
    {
        var progress = RegionGoals.Hires(By2030, new DateOnly(2031, 1, 10), 9_000, new BillingMonth(2026, 1));

        (progress.RemainingHires, progress.RemainingMonths, progress.RequiredMonthlyRate).ShouldBe((1_000, 0, (int?)null));
    }

    [Fact]
    public void Before_any_hire_there_is_no_average_and_the_whole_goal_remains()
    {
        var progress = RegionGoals.Hires(By2030, new DateOnly(2030, 12, 31), 0, null);

        (progress.MonthsSoFar, progress.AverageMonthlyRateSoFar, progress.RemainingMonths, progress.RequiredMonthlyRate)
            .ShouldBe((0, (decimal?)null, 1, (int?)10_000));
    }

    [Fact]
    public void The_talent_base_share_is_the_talents_over_the_goal_to_four_decimals()
    {
        var since = new DateTimeOffset(2024, 3, 20, 0, 0, 0, TimeSpan.Zero);

        RegionGoals.TalentBase(since, 2_500, 10_000).Share.ShouldBe(0.25m);
        RegionGoals.TalentBase(since, 1, 3).Share.ShouldBe(0.3333m);
    }
}
