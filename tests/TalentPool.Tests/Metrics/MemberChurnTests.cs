using TalentPool.Common;
using TalentPool.Metrics;
using TalentPool.Partners;

namespace TalentPool.Tests.Metrics;

/// <summary>
/// Member churn's arithmetic, worked by hand without a database (PRODUCT.md: "Member churn: partners and municipalities
/// whose membership ended in the period / members at its start").
/// <code>
/// P1 partner       joined 2025-06-01, cancelled in force from 2026-02-01 (its last day 31 January)
/// P2 partner       joined 2026-01-15 (in the middle of January)
/// P3 partner       joined 2025-01-01, cancelled in force from 2026-06-01 (recorded early: an ending dated later)
/// M1 municipality  joined 2025-03-01, left 2026-01-20 (its last day 19 January)
/// M2 municipality  joined 2026-02-01 (on the first day of February)
/// M3 municipality  joined 2025-01-01, left 2026-03-01, rejoined 2026-03-15
/// </code>
/// </summary>
public sealed class MemberChurnTests
{
    private static DateOnly Day(int y, int m, int d) => new(y, m, d);

    private static readonly MemberTerms[] Members =
    [
        new(Guid.NewGuid(), MemberKind.Partner, [new Term(Day(2025, 6, 1), Day(2026, 2, 1))]),
        new(Guid.NewGuid(), MemberKind.Partner, [new Term(Day(2026, 1, 15), null)]),
        new(Guid.NewGuid(), MemberKind.Partner, [new Term(Day(2025, 1, 1), Day(2026, 6, 1))]),
        new(Guid.NewGuid(), MemberKind.Municipality, [new Term(Day(2025, 3, 1), Day(2026, 1, 20))]),
        new(Guid.NewGuid(), MemberKind.Municipality, [new Term(Day(2026, 2, 1), null)]),
        new(Guid.NewGuid(), MemberKind.Municipality, [new Term(Day(2025, 1, 1), Day(2026, 3, 1)), new Term(Day(2026, 3, 15), null)]),
    ];

    private static readonly IReadOnlyList<BillingMonth> FirstQuarter = [new(2026, 1), new(2026, 2), new(2026, 3)];

    // January: P1 and P3 at the start, P2 joins, P1's last day is 31 January: 1/2. M1 and M3 at the start, M1 leaves: 1/2.
    // February: P2 and P3 (P1 is gone; 2 + 1 − 1), no change. M3 at the start (2 + 0 − 1); M2 joins on the 1st, so it is
    // not at the start but joined; M3's last day of its first membership is 28 February: 1/1.
    // March: P2, P3. M2 at the start (1 + 1 − 1); M3 rejoins on the 15th: joined, not at the start.
    public static readonly MemberChurnMonth[] ExpectedMonths =
    [
        new("2026-01", new(2, 1, 1, 0.5m), new(2, 0, 1, 0.5m), new(4, 1, 2, 0.5m)),
        new("2026-02", new(2, 0, 0, 0m), new(1, 1, 1, 1m), new(3, 1, 1, 0.3333m)),
        new("2026-03", new(2, 0, 0, 0m), new(1, 1, 0, 0m), new(3, 1, 0, 0m)),
    ];

    // Over the quarter: at its start P1, P3, M1, M3; joined P2, M2, M3 (its rejoin); ended P1, M1, M3 (its first membership).
    public static readonly MemberChurnPeriod ExpectedPeriod =
        new("2026-01", "2026-03", new(2, 1, 1, 0.5m), new(2, 2, 2, 1m), new(4, 3, 3, 0.75m));

    [Fact]
    public void Each_month_and_the_period_count_members_at_the_start_joins_and_endings_with_the_churn_rate()
    {
        var (months, period) = MemberChurn.Compute(FirstQuarter, Members);

        months.ShouldBe(ExpectedMonths);
        period.ShouldBe(ExpectedPeriod);
    }

    [Fact]
    public void A_member_who_leaves_is_counted_at_the_start_of_its_last_month_and_not_at_the_start_of_the_next()
    {
        var (months, _) = MemberChurn.Compute([new(2026, 1), new(2026, 2)], Members);

        var january = months[0].Total;
        var february = months[1].Total;
        february.MembersAtStart.ShouldBe(january.MembersAtStart + january.Joined - january.Ended);
    }

    [Fact]
    public void An_ending_dated_later_keeps_the_member_one_until_its_last_day_and_counts_in_that_month()
    {
        IReadOnlyList<MemberTerms> p3 = [Members[2]];

        var (months, _) = MemberChurn.Compute([new(2026, 3), new(2026, 4), new(2026, 5), new(2026, 6)], p3);

        // In force from 1 June: a member through 31 May, so May's churn, and no member at June's start.
        months.Select(m => m.Partners).ShouldBe([new(1, 0, 0, 0m), new(1, 0, 0, 0m), new(1, 0, 1, 1m), new(0, 0, 0, null)]);
    }

    [Fact]
    public void Without_members_at_the_start_the_churn_rate_is_none_even_when_a_member_joins_and_leaves_within_the_period()
    {
        IReadOnlyList<MemberTerms> brief = [new(Guid.NewGuid(), MemberKind.Partner, [new Term(Day(2026, 4, 3), Day(2026, 4, 20))])];

        var figures = MemberChurn.Over(brief, Day(2026, 4, 1), Day(2026, 5, 1));

        figures.ShouldBe(new MemberChurnFigures(MembersAtStart: 0, Joined: 1, Ended: 1, ChurnRate: null));
    }
}
