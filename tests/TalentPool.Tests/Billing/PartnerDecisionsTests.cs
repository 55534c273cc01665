using TalentPool.Common;
using TalentPool.Partners;
using TalentPool.Regions;
using static TalentPool.Tests.Billing.BillingWorld;

namespace TalentPool.Tests.Billing;

public class PartnerDecisionsTests
{
    private static readonly PriceList Prices = PriceList.Defaults(new DateOnly(2000, 1, 1));

    private static Partner Joined(bool founding, int employees, DateOnly on) =>
        Partner.Create(PartnerDecisions.Join(Guid.NewGuid(), new JoinPartner(Guid.NewGuid(), "Mjøsbruket", "923609016", employees, founding, on), Prices));

    [Theory]
    [InlineData(false, 49, PartnerTier.Small)]
    [InlineData(false, 50, PartnerTier.Standard)]
    [InlineData(true, 12, PartnerTier.Founding)]
    public void The_tier_is_founding_when_asked_else_small_below_the_headcount_threshold(bool founding, int employees, PartnerTier tier)
    {
        Joined(founding, employees, Day(2026, 1, 1)).CurrentTier.ShouldBe(tier);
    }

    [Fact]
    public void Given_a_founding_partner_in_month_12_When_cancelling_Then_refused_until_month_36()
    {
        var partner = Joined(founding: true, 800, Day(2026, 1, 1));

        var refused = Should.Throw<RuleViolation>(() =>
            PartnerDecisions.Cancel(partner, new CancelPartnerMembership(Day(2026, 12, 1), "Budget cuts")));

        refused.Message.ShouldContain("committed until 2029-01-01");
        PartnerDecisions.Cancel(partner, new CancelPartnerMembership(Day(2029, 1, 1), "Budget cuts")).EffectiveOn.ShouldBe(Day(2029, 1, 1));
    }

    [Fact]
    public void Given_a_founding_partner_When_leaving_the_founding_tier_early_Then_refused_too()
    {
        var partner = Joined(founding: true, 800, Day(2026, 1, 1));

        Should.Throw<RuleViolation>(() => PartnerDecisions.ChangeTier(partner, new ChangePartnerTier(false, 800, Day(2027, 1, 1)), Prices))
            .Message.ShouldContain("2029-01-01");
    }

    [Fact]
    public void Given_a_cancelled_partner_When_rejoining_Then_a_new_term_starts_and_the_old_one_stays_closed()
    {
        var partner = Joined(founding: false, 200, Day(2026, 1, 1));
        partner = partner.Apply(PartnerDecisions.Cancel(partner, new CancelPartnerMembership(Day(2026, 6, 1), "Pause")));

        Should.Throw<RuleViolation>(() => PartnerDecisions.Cancel(partner, new CancelPartnerMembership(Day(2026, 7, 1), "Again")));
        partner = partner.Apply(PartnerDecisions.Rejoin(partner, new RejoinPartner(false, 30, Day(2026, 9, 1)), Prices));

        partner.IsMemberOn(Day(2026, 7, 15)).ShouldBeFalse();
        partner.IsMemberOn(Day(2026, 9, 1)).ShouldBeTrue();
        partner.TierOn(Day(2026, 9, 1)).ShouldBe(PartnerTier.Small);
        partner.TierOn(Day(2026, 3, 1)).ShouldBe(PartnerTier.Standard);
    }
}
