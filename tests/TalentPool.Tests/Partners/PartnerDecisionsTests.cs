using TalentPool.Common;
using TalentPool.Partners;
using TalentPool.Regions;
using static TalentPool.Tests.Billing.BillingWorld;

namespace TalentPool.Tests.Partners;

public class PartnerDecisionsTests
{
    private static readonly PriceList Prices = PriceList.Defaults(new DateOnly(2000, 1, 1));
    private static readonly DateOnly Today = Day(2026, 11, 25);

    private static Partner Joined(bool founding, int employees, DateOnly on) =>
        Partner.Create(PartnerDecisions.Join(Guid.NewGuid(), new JoinPartner(Guid.NewGuid(), "Mjøsbruket", "923609016", employees, founding, on), Prices, null));

    /// <summary>A standard partner since January whose cancellation, recorded today (25 November), takes effect next June.</summary>
    private static Partner CancelledForNextJune()
    {
        var partner = Joined(founding: false, 200, Day(2026, 1, 1));
        return partner.Apply(PartnerDecisions.Cancel(partner, new CancelPartnerMembership(Day(2027, 6, 1), "Budget"), Today));
    }

    [Theory]
    [InlineData(false, 49, PartnerTier.Small)]
    [InlineData(false, 50, PartnerTier.Standard)]
    [InlineData(true, 12, PartnerTier.Founding)]
    public void The_tier_is_founding_when_asked_else_small_below_the_headcount_threshold(bool founding, int employees, PartnerTier tier)
    {
        Joined(founding, employees, Day(2026, 1, 1)).TierOn(Day(2026, 1, 1)).ShouldBe(tier);
    }

    [Fact]
    public void Given_a_company_of_the_region_When_it_joins_again_Then_refused_naming_the_partner_that_rejoins_instead()
    {
        var registered = Joined(founding: false, 200, Day(2026, 1, 1));

        var refused = Should.Throw<RuleViolation>(() => PartnerDecisions.Join(Guid.NewGuid(),
            new JoinPartner(registered.RegionId, "Mjøsbruket AS", "923 609 016", 200, false, Day(2026, 6, 1)), Prices, registered));

        refused.Message.ShouldContain($"/api/v1/partners/{registered.Id}/rejoin");
    }

    [Fact]
    public void Organisation_numbers_are_one_company_with_or_without_dashes_and_spaces()
    {
        OrganisationNumbers.Key("556125-6063").ShouldBe("5561256063");
        OrganisationNumbers.Key(" 556125 6063 ").ShouldBe("5561256063");
        OrganisationNumbers.Key("sc123456").ShouldBe(OrganisationNumbers.Key("SC 123456"));
    }

    [Fact]
    public void Given_a_cancellation_dated_next_June_When_today_is_November_Then_the_partner_is_a_member_until_the_last_day_of_May()
    {
        var partner = CancelledForNextJune();

        partner.IsMemberOn(Today).ShouldBeTrue();
        partner.IsMemberOn(Day(2027, 5, 31)).ShouldBeTrue();
        partner.IsMemberOn(Day(2027, 6, 1)).ShouldBeFalse();
    }

    [Fact]
    public void Given_a_pending_cancellation_When_changing_tier_before_it_takes_effect_Then_the_change_is_recorded()
    {
        var partner = CancelledForNextJune();

        var changed = PartnerDecisions.ChangeTier(partner, new ChangePartnerTier(false, 30, Day(2027, 1, 1)), Prices, Today);

        partner.Apply(changed).TierOn(Day(2027, 3, 1)).ShouldBe(PartnerTier.Small);
    }

    [Fact]
    public void Given_a_pending_cancellation_When_changing_tier_from_the_day_it_takes_effect_Then_refused_naming_that_day()
    {
        var partner = CancelledForNextJune();

        Should.Throw<RuleViolation>(() => PartnerDecisions.ChangeTier(partner, new ChangePartnerTier(false, 30, Day(2027, 6, 1)), Prices, Today))
            .Message.ShouldContain("ends on 2027-06-01");
    }

    [Fact]
    public void Given_a_pending_cancellation_When_cancelling_again_Then_refused_naming_the_pending_date()
    {
        var partner = CancelledForNextJune();

        var refused = Should.Throw<RuleViolation>(() => PartnerDecisions.Cancel(partner, new CancelPartnerMembership(Day(2027, 3, 1), "Sooner"), Today));

        refused.Message.ShouldBe("A cancellation is pending already: the membership ends on 2027-06-01.");
    }

    [Fact]
    public void Given_a_pending_cancellation_When_rejoining_Then_refused_until_the_day_it_takes_effect_has_come()
    {
        var partner = CancelledForNextJune();

        Should.Throw<RuleViolation>(() => PartnerDecisions.Rejoin(partner, new RejoinPartner(false, 200, Day(2027, 6, 1)), Prices, Today))
            .Message.ShouldContain("member until 2027-06-01");
        var rejoined = PartnerDecisions.Rejoin(partner, new RejoinPartner(false, 200, Day(2027, 6, 1)), Prices, today: Day(2027, 6, 1));

        partner.Apply(rejoined).IsMemberOn(Day(2027, 6, 1)).ShouldBeTrue();
    }

    [Fact]
    public void Given_a_membership_that_ended_When_changing_tier_or_cancelling_Then_refused_rejoin_first()
    {
        var partner = Joined(founding: false, 200, Day(2026, 1, 1));
        partner = partner.Apply(PartnerDecisions.Cancel(partner, new CancelPartnerMembership(Day(2026, 6, 1), "Pause"), Today));

        Should.Throw<RuleViolation>(() => PartnerDecisions.ChangeTier(partner, new ChangePartnerTier(false, 30, Day(2026, 3, 1)), Prices, Today))
            .Message.ShouldContain("ended on 2026-06-01; rejoin first");
        Should.Throw<RuleViolation>(() => PartnerDecisions.Cancel(partner, new CancelPartnerMembership(Day(2026, 7, 1), "Again"), Today))
            .Message.ShouldContain("already ended, on 2026-06-01");
    }

    [Fact]
    public void Given_a_founding_partner_in_month_12_When_cancelling_Then_refused_until_month_36()
    {
        var partner = Joined(founding: true, 800, Day(2026, 1, 1));

        var refused = Should.Throw<RuleViolation>(() =>
            PartnerDecisions.Cancel(partner, new CancelPartnerMembership(Day(2026, 12, 1), "Budget cuts"), Today));

        refused.Message.ShouldContain("committed until 2029-01-01");
        PartnerDecisions.Cancel(partner, new CancelPartnerMembership(Day(2029, 1, 1), "Budget cuts"), Today).EffectiveOn.ShouldBe(Day(2029, 1, 1));
    }

    [Fact]
    public void Given_a_founding_partner_When_leaving_the_founding_tier_early_Then_refused_too()
    {
        var partner = Joined(founding: true, 800, Day(2026, 1, 1));

        Should.Throw<RuleViolation>(() => PartnerDecisions.ChangeTier(partner, new ChangePartnerTier(false, 800, Day(2027, 1, 1)), Prices, Today))
            .Message.ShouldContain("2029-01-01");
    }

    [Fact]
    public void Given_a_founding_partner_When_its_headcount_changes_Then_it_keeps_the_commitment_it_joined_with()
    {
        var partner = Joined(founding: true, 800, Day(2026, 1, 1));

        var changed = PartnerDecisions.ChangeTier(partner, new ChangePartnerTier(true, 900, Day(2026, 9, 1)), Prices, Today);

        changed.CommittedUntil.ShouldBe(Day(2029, 1, 1));
    }

    [Fact]
    public void Given_a_later_tier_change_When_a_change_is_back_dated_before_it_Then_it_is_inserted_and_the_later_one_stays()
    {
        var partner = Joined(founding: false, 200, Day(2026, 1, 1));
        partner = partner.Apply(PartnerDecisions.ChangeTier(partner, new ChangePartnerTier(false, 30, Day(2026, 9, 1)), Prices, Today));

        partner = partner.Apply(PartnerDecisions.ChangeTier(partner, new ChangePartnerTier(false, 120, Day(2026, 5, 1)), Prices, Today));

        partner.Tiers.Select(t => (t.From, t.Tier, t.EmployeeCount)).ShouldBe(
        [
            (Day(2026, 1, 1), PartnerTier.Standard, 200),
            (Day(2026, 5, 1), PartnerTier.Standard, 120),
            (Day(2026, 9, 1), PartnerTier.Small, 30),
        ]);
    }

    [Fact]
    public void Given_a_tier_recorded_from_a_day_When_another_change_names_that_day_Then_refused_naming_the_recorded_tier()
    {
        var partner = Joined(founding: false, 200, Day(2026, 1, 1));
        partner = partner.Apply(PartnerDecisions.ChangeTier(partner, new ChangePartnerTier(false, 30, Day(2026, 9, 1)), Prices, Today));

        var refused = Should.Throw<RuleViolation>(() =>
            PartnerDecisions.ChangeTier(partner, new ChangePartnerTier(false, 80, Day(2026, 9, 1)), Prices, Today));

        refused.Message.ShouldContain("A tier is recorded from 2026-09-01 already (Small, 30 employees)");
        refused.Message.ShouldContain($"/api/v1/partners/{partner.Id}/tier/corrections");
    }

    [Fact]
    public void A_correction_replaces_the_tier_recorded_from_its_day_keeps_the_others_and_carries_its_reason()
    {
        var partner = Joined(founding: false, 200, Day(2026, 1, 1));
        partner = partner.Apply(PartnerDecisions.ChangeTier(partner, new ChangePartnerTier(false, 30, Day(2026, 9, 1)), Prices, Today));

        var corrected = PartnerDecisions.CorrectTier(partner, new CorrectPartnerTier(false, 80, Day(2026, 1, 1), " Headcount was 80 "), Prices);
        partner = partner.Apply(corrected);

        corrected.Reason.ShouldBe("Headcount was 80");
        partner.Tiers.Select(t => (t.From, t.EmployeeCount)).ShouldBe([(Day(2026, 1, 1), 80), (Day(2026, 9, 1), 30)]);
        Should.Throw<RuleViolation>(() => PartnerDecisions.CorrectTier(partner, new CorrectPartnerTier(false, 80, Day(2026, 2, 1), "No such fact"), Prices))
            .Message.ShouldContain("No tier is recorded from 2026-02-01");
    }

    [Fact]
    public void Given_a_small_tier_recorded_from_March_When_a_founding_tier_is_back_dated_to_January_Then_refused_as_it_would_end_the_commitment()
    {
        var partner = Joined(founding: false, 200, Day(2026, 1, 1));
        partner = partner.Apply(PartnerDecisions.ChangeTier(partner, new ChangePartnerTier(false, 30, Day(2026, 3, 1)), Prices, Today));

        Should.Throw<RuleViolation>(() => PartnerDecisions.ChangeTier(partner, new ChangePartnerTier(true, 200, Day(2026, 2, 1)), Prices, Today))
            .Message.ShouldBe("A founding tier from 2026-02-01 commits the partner until 2029-02-01, but its tier is recorded as Small, 30 employees from 2026-03-01.");
    }

    [Fact]
    public void Given_a_cancelled_partner_When_rejoining_Then_a_new_term_starts_and_the_old_one_stays_closed()
    {
        var partner = Joined(founding: false, 200, Day(2026, 1, 1));
        partner = partner.Apply(PartnerDecisions.Cancel(partner, new CancelPartnerMembership(Day(2026, 6, 1), "Pause"), Today));

        partner = partner.Apply(PartnerDecisions.Rejoin(partner, new RejoinPartner(false, 30, Day(2026, 9, 1)), Prices, Today));

        partner.IsMemberOn(Day(2026, 7, 15)).ShouldBeFalse();
        partner.IsMemberOn(Day(2026, 9, 1)).ShouldBeTrue();
        partner.TierOn(Day(2026, 9, 1)).ShouldBe(PartnerTier.Small);
        partner.TierOn(Day(2026, 3, 1)).ShouldBe(PartnerTier.Standard);
    }

    [Fact]
    public void Given_a_tier_change_dated_after_a_later_recorded_cancellation_When_the_partner_rejoins_Then_that_change_never_takes_effect()
    {
        var partner = Joined(founding: false, 200, Day(2026, 1, 1));
        partner = partner.Apply(PartnerDecisions.ChangeTier(partner, new ChangePartnerTier(false, 30, Day(2027, 3, 1)), Prices, Today));
        partner = partner.Apply(PartnerDecisions.Cancel(partner, new CancelPartnerMembership(Day(2027, 1, 1), "Closing"), Today));

        partner = partner.Apply(PartnerDecisions.Rejoin(partner, new RejoinPartner(false, 200, Day(2027, 2, 1)), Prices, today: Day(2027, 2, 1)));

        partner.TierOn(Day(2027, 4, 1)).ShouldBe(PartnerTier.Standard);
    }
}
