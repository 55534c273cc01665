using TalentPool.Common;
using TalentPool.Metrics;

namespace TalentPool.Tests.Metrics;

/// <summary>
/// Retention by start-month cohort, monthly churn and the +1 employment rate from the projections' documents, against
/// figures worked out by hand. The March 2026 cohort:
/// <code>
/// placement  starts      +1       afterwards
/// p1         2026-03-01  yes      the +1 found work on 2026-05-01
/// p2         2026-03-10  yes      left the region on 2026-06-10: its 3-month mark itself
/// p3         2026-03-15  no       left the region on 2026-06-16: a day after its 3-month mark
/// p4         2026-03-20  yes      cancelled on 2026-04-01, after its start: no placement (its +1's work does not count)
/// p5         2026-03-31  yes      employment ended on 2026-07-15, the talent staying in the region; its +1 starts on 2026-12-01
/// p6         2026-03-05  unknown  a hire recorded before hires said whether the talent had a +1
/// </code>
/// The last mark of the cohort: 2026-06-30 at 3 months, 2026-09-30 at 6, 2027-03-31 at 12.
/// </summary>
public class RegionRetentionArithmeticTests
{
    private static readonly Guid Region = Guid.NewGuid();
    private static readonly BillingMonth March = new(2026, 3);
    private static DateOnly Day(int y, int m, int d) => new(y, m, d);

    private static CohortPlacement Placement(DateOnly startsOn, bool? plusOne, DateOnly? cancelled = null, DateOnly? left = null, DateOnly? plusOneWorks = null) =>
        new(startsOn, plusOne, cancelled, left, plusOneWorks);

    // The cohort's counts, each placement counted as the projection counts its hire's events.
    private static readonly RegionRetentionCounts MarchCohort = RegionRetentionCounts.Of(Region, March.FirstDay,
        [
            Placement(Day(2026, 3, 1), true, plusOneWorks: Day(2026, 5, 1)),
            Placement(Day(2026, 3, 10), true, left: Day(2026, 6, 10)),
            Placement(Day(2026, 3, 15), false, left: Day(2026, 6, 16)),
            Placement(Day(2026, 3, 20), true, cancelled: Day(2026, 4, 1), plusOneWorks: Day(2026, 3, 25)),
            Placement(Day(2026, 3, 31), true, plusOneWorks: Day(2026, 12, 1)),
            Placement(Day(2026, 3, 5), null),
        ]);

    [Fact]
    public void A_cohorts_retention_counts_its_placements_still_in_the_region_on_their_mark_once_its_last_mark_has_come()
    {
        // 30 September: the 6-month mark's last day exactly; the 12-month one is to come.
        var cohort = RegionRetention.Cohort(March, MarchCohort, Day(2026, 9, 30));

        cohort.Placed.ShouldBe(5); // p4 was cancelled
        cohort.Retention.ShouldBe([
            // p2 left on its mark, not after it: 4 of 5 (p1, p3, p5, p6)
            new CohortRetentionAt(3, Day(2026, 6, 30), 4, 0.8m, 0.2m),
            // p3 left before its 6-month mark too; p5's ended employment kept the talent in the region: 3 of 5
            new CohortRetentionAt(6, Day(2026, 9, 30), 3, 0.6m, 0.4m),
            new CohortRetentionAt(12, Day(2027, 3, 31), null, null, null)]);
    }

    [Fact]
    public void A_day_before_the_cohorts_last_mark_its_figures_are_unknown_and_at_twelve_months_they_are_known()
    {
        RegionRetention.Cohort(March, MarchCohort, Day(2026, 9, 29)).Retention[1].ShouldBe(new CohortRetentionAt(6, Day(2026, 9, 30), null, null, null));
        RegionRetention.Cohort(March, MarchCohort, Day(2027, 3, 31)).Retention[2].ShouldBe(new CohortRetentionAt(12, Day(2027, 3, 31), 3, 0.6m, 0.4m));
    }

    [Fact]
    public void A_month_without_placements_has_none_placed_and_no_share()
    {
        var cohort = RegionRetention.Cohort(new BillingMonth(2026, 1), null, Day(2027, 6, 1));

        (cohort.StartMonth, cohort.Placed).ShouldBe(("2026-01", 0));
        cohort.Retention.ShouldBe([
            new CohortRetentionAt(3, Day(2026, 4, 30), 0, null, null),
            new CohortRetentionAt(6, Day(2026, 7, 31), 0, null, null),
            new CohortRetentionAt(12, Day(2027, 1, 31), 0, null, null)]);
    }

    [Fact]
    public void The_plus_one_rate_counts_placements_with_a_known_plus_one_whose_partner_found_work_by_today()
    {
        // With a +1: p1, p2, p5 (p4 cancelled, p6 unknown). Found work by 30 September: p1 only (p5's starts in December).
        RegionRetention.AccompanyingPartnerEmployment([MarchCohort, null], Day(2026, 9, 30))
            .ShouldBe(new AccompanyingPartnerEmploymentRate(3, 1, 0.3333m, 1));
        RegionRetention.AccompanyingPartnerEmployment([MarchCohort], Day(2026, 12, 1))
            .ShouldBe(new AccompanyingPartnerEmploymentRate(3, 2, 0.6667m, 1));
        RegionRetention.AccompanyingPartnerEmployment([null], Day(2026, 12, 1)).ShouldBe(new AccompanyingPartnerEmploymentRate(0, 0, null, 0));
    }

    /// <summary>
    /// The month counts of a region's placed talents: two talents' stays began in February, five in March; two talents left
    /// the region in June, one in July (one whose stay began and ended in July: it was not there at July's start, yet it left
    /// in July).
    /// </summary>
    private static readonly Dictionary<string, PlacedTalentsFlow> Flow = new()
    {
        ["2026-02"] = new(2, 0), ["2026-03"] = new(5, 0), ["2026-06"] = new(0, 2), ["2026-07"] = new(1, 1),
    };

    [Theory]
    [InlineData(2026, 1, 0, 0, null)]
    [InlineData(2026, 2, 0, 0, null)]      // February's starters were not there at its start
    [InlineData(2026, 3, 2, 0, "0")]
    [InlineData(2026, 6, 7, 2, "0.2857")]  // 2 / 7
    [InlineData(2026, 7, 5, 1, "0.2")]     // 1 / 5
    [InlineData(2026, 8, 5, 0, "0")]       // July's starter who left in July is not counted again
    public void Monthly_churn_is_those_who_left_in_the_month_over_those_in_the_region_at_its_start(
        int year, int month, int inRegion, int left, string? churn)
    {
        RegionRetention.Month(new BillingMonth(year, month), Flow, Day(2026, 9, 30))
            .ShouldBe(new MonthlyChurn($"{year:D4}-{month:D2}", inRegion, left, churn is null ? null : decimal.Parse(churn, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void A_month_that_has_not_begun_has_no_churn_yet_and_the_current_one_has()
    {
        RegionRetention.Month(new BillingMonth(2026, 10), Flow, Day(2026, 9, 30)).ShouldBe(new MonthlyChurn("2026-10", null, null, null));
        RegionRetention.Month(new BillingMonth(2026, 10), Flow, Day(2026, 10, 1)).ShouldBe(new MonthlyChurn("2026-10", 5, 0, 0m));
        RegionRetention.Month(new BillingMonth(2026, 3), (IReadOnlyDictionary<string, PlacedTalentsFlow>?)null, Day(2026, 10, 1)).ShouldBe(new MonthlyChurn("2026-03", 0, 0, null));
    }
}
