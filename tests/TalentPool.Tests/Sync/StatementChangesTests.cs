using TalentPool.Billing;
using TalentPool.Common;
using TalentPool.Hires;
using TalentPool.Municipalities;
using TalentPool.Partners;
using TalentPool.Regions;
using TalentPool.Sync;

namespace TalentPool.Tests.Sync;

/// <summary>Which (payer, month) statements an event marks as changed: the rules of <see cref="StatementChanges"/>, without a database.</summary>
public sealed class StatementChangesTests
{
    private static readonly Guid Region = Guid.NewGuid();
    private static readonly Guid Partner = Guid.NewGuid();
    private static readonly Guid Municipality = Guid.NewGuid();

    private static StatementFeedState State(BillingMonth? covered = null, params BillingMonth[] closed) => new()
    {
        Id = Region, Country = "NO", Partners = [Partner], Municipalities = [Municipality], CoveredThrough = covered,
        EarliestMonth = new BillingMonth(2025, 1), ClosedMonths = [.. closed],
    };

    private static IEnumerable<string> Keys(IEnumerable<SyncChange> rows) => rows.Select(r => $"{r.Audience}|{r.ItemId}|{r.Month}").Distinct();

    [Fact]
    public void A_back_dated_tier_change_marks_the_partners_statements_from_its_month_through_the_latest_month_begun_for_the_admins_and_the_partner()
    {
        var rows = StatementChanges.Of(new PartnerTierChanged(Partner, Region, PartnerTier.Small, 20, new DateOnly(2025, 10, 5), null), 7,
            State(covered: new BillingMonth(2025, 12))).ToList();

        Keys(rows).ShouldBe([
            $"Region|{Partner}|2025-10", $"{Partner}|{Partner}|2025-10", $"Region|{Partner}|2025-11", $"{Partner}|{Partner}|2025-11",
            $"Region|{Partner}|2025-12", $"{Partner}|{Partner}|2025-12"], ignoreOrder: true);
        rows.ShouldAllBe(r => r.Position == 7 && r.Kind == ChangeKind.Upsert && r.List == SyncList.Statements);
    }

    [Fact]
    public void A_hire_in_a_closed_month_marks_its_month_and_the_first_open_month_where_its_correction_lands()
    {
        var state = State(new BillingMonth(2025, 6), new BillingMonth(2025, 3), new BillingMonth(2025, 4));
        var hire = new HireRecorded(Guid.NewGuid(), Guid.NewGuid(), Partner, Region, null, new DateOnly(2025, 3, 20), new DateOnly(2025, 4, 1),
            HireClassification.External, null, new Money(20_000m, "NOK"), "IN", ["Welding"], DateTimeOffset.UtcNow, null, null);

        Keys(StatementChanges.Of(hire, 9, state)).ShouldBe([
            $"Region|{Partner}|2025-03", $"{Partner}|{Partner}|2025-03", $"Region|{Partner}|2025-05", $"{Partner}|{Partner}|2025-05"], ignoreOrder: true);
    }

    [Fact]
    public void A_population_change_marks_the_municipality_and_its_council_for_both_and_closing_a_month_marks_every_payer_in_it_and_the_next()
    {
        var state = State(new BillingMonth(2025, 3));
        Keys(StatementChanges.Of(new MunicipalityPopulationUpdated(Municipality, Region, 9_000, 2025, new DateOnly(2025, 3, 1)), 3, state)).ShouldBe([
            $"Region|{Municipality}|2025-03", $"Region|{Region}|2025-03", $"{Municipality}|{Municipality}|2025-03", $"{Municipality}|{Region}|2025-03"],
            ignoreOrder: true);

        var closed = Keys(StatementChanges.Of(new BillingPeriodClosed(Region, new BillingMonth(2025, 2), DateTimeOffset.UtcNow, []), 4, state)).ToList();
        closed.ShouldContain($"{Partner}|{Partner}|2025-02");
        closed.ShouldContain($"{Partner}|{Partner}|2025-03");
        closed.ShouldContain($"{Municipality}|{Region}|2025-03");
        state.ClosedMonths.ShouldBe([new BillingMonth(2025, 2)]);
    }

    [Fact]
    public void The_first_month_begun_marks_every_payer_from_the_first_member_fact_and_a_later_one_only_the_months_since()
    {
        var state = State();
        Keys(StatementChanges.Of(new StatementMonthBegan(Region, new BillingMonth(2025, 3)), 5, state))
            .Count(k => k.StartsWith($"{Partner}|")).ShouldBe(3, "2025-01 to 2025-03");
        state.CoveredThrough.ShouldBe(new BillingMonth(2025, 3));

        Keys(StatementChanges.Of(new StatementMonthBegan(Region, new BillingMonth(2025, 4)), 6, state))
            .Where(k => k.StartsWith($"{Partner}|")).ShouldBe([$"{Partner}|{Partner}|2025-04"]);
        StatementChanges.Of(new StatementMonthBegan(Region, new BillingMonth(2025, 4)), 8, state).ShouldBeEmpty("a month noted once");
    }

    [Fact]
    public void A_county_rate_fact_relayed_from_another_database_marks_every_municipality_from_its_month_and_is_relayed_no_further()
    {
        var relayed = new CountyRateChangedElsewhere(Region, "NO", new DateOnly(2025, 11, 1), Guid.NewGuid());
        StatementChanges.Concerns(relayed).ShouldBeTrue();
        StatementChanges.RegionOf(relayed).ShouldBe(Region);
        StatementChanges.CountyRateChangeFrom(relayed).ShouldBeNull("a relayed fact is not relayed again");

        Keys(StatementChanges.Of(relayed, 12, State(new BillingMonth(2025, 12)))).ShouldBe([
            $"Region|{Municipality}|2025-11", $"Region|{Region}|2025-11", $"{Municipality}|{Municipality}|2025-11", $"{Municipality}|{Region}|2025-11",
            $"Region|{Municipality}|2025-12", $"Region|{Region}|2025-12", $"{Municipality}|{Municipality}|2025-12", $"{Municipality}|{Region}|2025-12"],
            ignoreOrder: true);
    }
}
