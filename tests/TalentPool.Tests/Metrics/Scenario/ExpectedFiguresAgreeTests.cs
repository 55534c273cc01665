using static TalentPool.Tests.Metrics.Scenario.Expected;

namespace TalentPool.Tests.Metrics.Scenario;

/// <summary>
/// The hand-worked figures of the two-year story, checked against one another without the service: a slip in one table
/// shows as a disagreement with another.
/// </summary>
public sealed class ExpectedFiguresAgreeTests
{
    [Fact]
    public void The_periods_are_the_sums_of_their_months()
    {
        Months.Length.ShouldBe(24);
        foreach (var (period, months) in new[] { (Year2025, Months[..12]), (Year2026, Months[12..]), (BothYears, Months) })
        {
            period.Hires.ShouldBe(months.Sum(m => m.Hires));
            period.External.ShouldBe(months.Sum(m => m.External));
            period.Internal.ShouldBe(months.Sum(m => m.Internal));
            period.Local.ShouldBe(months.Sum(m => m.Local));
            period.PlacedTalentsWhoLeftRegion.ShouldBe(months.Sum(m => m.PlacedTalentsWhoLeftRegion));
            period.NetTalentInflow.ShouldBe(period.External - period.PlacedTalentsWhoLeftRegion);
        }
        HiresPerMonth.Sum(m => m.Recorded).ShouldBe(BothYears.Hires);
    }

    [Fact]
    public void Departures_hires_and_placements_agree_across_the_tables()
    {
        // Monthly churn counts the same departures as the monthly metrics, month by month.
        MonthlyChurnBothYears.Select(m => (m.Month, m.LeftInMonth)).ShouldBe(Months.Select(m => (m.Month, (int?)m.PlacedTalentsWhoLeftRegion)));
        // A month starts with the last one's placed talents in the region, less those who left in it, plus the talents whose
        // stay began in it: the placements started in it (its cohort) less those of talents placed already.
        var started = RetentionCohortsAt[EndOf2026].ToDictionary(c => c.StartMonth, c => c.Placed);
        foreach (var (before, month) in MonthlyChurnBothYears.Zip(MonthlyChurnBothYears.Skip(1)))
        {
            var entered = started.GetValueOrDefault(before.Month) - PlacementsOfTalentsPlacedAlready.GetValueOrDefault(before.Month);
            month.InRegionAtStart.ShouldBe(before.InRegionAtStart - before.LeftInMonth + entered, month.Month);
        }
        // Each placement of a talent placed already is an internal hire or a move after an employment that ended inside the
        // region (h9 h12 h15 internal, h20 a move from a former member): 4 of them, none leaving the region meanwhile.
        PlacementsOfTalentsPlacedAlready.Values.Sum().ShouldBe(BothYears.Internal + 1);

        // Hires to date: the recorded hires less the cancelled ones.
        var cancelled = HiresPerMonth.Sum(m => m.Cancelled);
        LongRangeGoalAt[EndOf2026].HiresToDate.ShouldBe(BothYears.Hires - cancelled);
        LongRangeGoalAt[EndOf2025].HiresToDate.ShouldBe(Year2025.Hires - cancelled);
        foreach (var goal in LongRangeGoalAt.Values) goal.RemainingHires.ShouldBe(goal.Goal - goal.HiresToDate);

        // Every placement that started by the end is in one cohort: 19 hires not cancelled, less Oli's (starts in 2027).
        RetentionCohortsAt[EndOf2026].Sum(c => c.Placed).ShouldBe(LongRangeGoalAt[EndOf2026].HiresToDate - 1);

        // Target markets: 26 registrations and 20 hires, Dara's two areas counted twice in each.
        TargetMarketsBothYears.Sum(t => t.Registrations).ShouldBe(RegistrationsBothYears.Total + 1);
        RegistrationsBothYears.ByCountry.Sum(c => c.Count).ShouldBe(RegistrationsBothYears.Total);
        RegistrationsBothYears.ByArea.Sum(c => c.Count).ShouldBe(RegistrationsBothYears.Total + 1);
        HiresBothYears.Total.ShouldBe(BothYears.Hires);
        HiresBothYears.ByCountry.Sum(c => c.Count).ShouldBe(BothYears.Hires);
        HiresBothYears.ByArea.Sum(c => c.Count).ShouldBe(BothYears.Hires + 2);
        Hires2026.Total.ShouldBe(Year2026.Hires);
        Hires2026.ByArea.Sum(c => c.Count).ShouldBe(Year2026.Hires + 1);
        TargetMarkets2026.Sum(t => t.Registrations).ShouldBe(Registrations2026.Total); // no one registered in 2026 has two areas
        TargetMarketsBothYears.Sum(t => t.Hires).ShouldBe(BothYears.Hires + 2);
        TargetMarkets2026.Sum(t => t.Hires).ShouldBe(Year2026.Hires + 1);
    }

    [Fact]
    public void The_talent_base_is_at_least_each_kind_of_member_s_share_of_it()
    {
        foreach (var (day, progress) in TalentBaseAt)
        {
            progress.Talents.ShouldBeGreaterThanOrEqualTo(Math.Max(SharedBaseAt[day].WithPartners, SharedBaseAt[day].WithMunicipalities));
            progress.Share.ShouldBe(Math.Round((decimal)progress.Talents / progress.Goal, 4));
        }
    }
}
