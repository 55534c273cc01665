using TalentPool.Common;
using TalentPool.Hires;
using TalentPool.Partners;
using TalentPool.Regions;
using TalentPool.Talents;
using TalentPool.Tests.Talents;
using static TalentPool.Tests.Billing.BillingWorld;

namespace TalentPool.Tests.Billing;

public class HireDecisionsTests
{
    private readonly BillingWorld _world = new();

    private TalentHistory History(string country, string? municipality, params Hire[] hires)
    {
        var registered = TalentDecisions.Register(
            TalentRequests.Registration() with { CountryOfResidence = country, MunicipalityOfResidence = municipality }, Guid.NewGuid(), DateTimeOffset.UnixEpoch);
        return new TalentHistory(Talent.Create(registered), hires, []);
    }

    private HireRecorded Record(TalentHistory history, Partner partner, DateOnly on) =>
        HireDecisions.Record(Guid.NewGuid(), new RecordHire(history.Talent.Id, partner.Id, on, HiredOn: on), on, history, partner, _world.Hamarregionen, DateTimeOffset.UnixEpoch);

    [Theory]
    [InlineData("IN", null, HireClassification.External)]
    [InlineData("NO", "0301", HireClassification.External)] // Oslo: Norway, but outside the region
    [InlineData("NO", "3403", HireClassification.Local)]
    [InlineData("NO", null, HireClassification.Local)]
    public void A_hire_is_external_when_the_talent_lives_outside_the_region(string country, string? municipality, HireClassification expected)
    {
        var partner = _world.Partner("Mjøsbruket", PartnerTier.Standard, Day(2026, 1, 1));

        Record(History(country, municipality), partner, Day(2026, 3, 1)).Classification.ShouldBe(expected);
    }

    [Fact]
    public void A_talent_employed_by_another_member_is_an_internal_hire_naming_the_previous_employer()
    {
        var first = _world.Partner("Hedmark Energi", PartnerTier.Standard, Day(2026, 1, 1));
        var second = _world.Partner("Mjøsbruket", PartnerTier.Small, Day(2026, 1, 1));
        var history = History("IN", null);
        var earlier = Hire.Create(Record(history, first, Day(2026, 2, 1)));

        var poached = Record(history with { Hires = [earlier], Employers = [first] }, second, Day(2026, 6, 1));

        poached.Classification.ShouldBe(HireClassification.Internal);
        poached.PreviousEmployerId.ShouldBe(first.Id);
        poached.Fee.ShouldBe(new Money(20_000.00m, "NOK"));
    }

    [Fact]
    public void A_talent_still_employed_by_a_former_member_is_not_an_internal_hire()
    {
        var former = _world.Partner("Hedmark Energi", PartnerTier.Standard, Day(2026, 1, 1));
        var second = _world.Partner("Mjøsbruket", PartnerTier.Small, Day(2026, 1, 1));
        var history = History("NO", "3403");
        var earlier = Hire.Create(Record(history, former, Day(2026, 2, 1)));
        // Its membership ends on 31 May: on 1 June it is no member, though it still employs the talent.
        var left = former.Apply(PartnerDecisions.Cancel(former, new CancelPartnerMembership(Day(2026, 6, 1), "Moves away"), Day(2026, 3, 1)));

        var hired = Record(history with { Hires = [earlier], Employers = [left] }, second, Day(2026, 6, 1));
        var hiredTheDayBefore = Record(history with { Hires = [earlier], Employers = [left] }, second, Day(2026, 5, 31));

        hired.Classification.ShouldBe(HireClassification.Local);
        hired.PreviousEmployerId.ShouldBeNull();
        hiredTheDayBefore.Classification.ShouldBe(HireClassification.Internal);
        hiredTheDayBefore.PreviousEmployerId.ShouldBe(former.Id);
    }

    [Fact]
    public void A_partner_that_is_not_a_member_on_the_hire_date_cannot_record_a_hire()
    {
        var partner = _world.Partner("Stange Mek", PartnerTier.Standard, Day(2026, 5, 1));

        Should.Throw<RuleViolation>(() => Record(History("IN", null), partner, Day(2026, 4, 30))).Message.ShouldContain("not a member");
    }

    [Fact]
    public void Given_an_active_hire_of_the_talent_by_the_partner_When_another_is_recorded_whatever_its_start_Then_refused_naming_the_hire()
    {
        var partner = _world.Partner("Mjøsbruket", PartnerTier.Standard, Day(2026, 1, 1));
        var history = History("IN", null);
        var active = Hire.Create(HireDecisions.Record(Guid.NewGuid(), new RecordHire(history.Talent.Id, partner.Id, Day(2026, 9, 1), HiredOn: Day(2026, 3, 1)),
            Day(2026, 3, 1), history, partner, _world.Hamarregionen, DateTimeOffset.UnixEpoch));

        var refused = Should.Throw<RuleViolation>(() => Record(history with { Hires = [active] }, partner, Day(2026, 4, 1)));

        refused.Message.ShouldBe(HireDecisions.AlreadyHired("Mjøsbruket", active));
        refused.Message.ShouldContain($"hire {active.Id}, starting 2026-09-01");
        var cancelled = active.Apply(HireDecisions.Cancel(active, new CancelHire(Day(2026, 3, 15), "Probation")));
        Record(history with { Hires = [cancelled] }, partner, Day(2026, 4, 1)).PartnerId.ShouldBe(partner.Id);
    }

    [Fact]
    public void A_cancelled_hire_credits_exactly_its_fee_and_is_cancelled_once()
    {
        var partner = _world.Partner("Mjøsbruket", PartnerTier.Standard, Day(2026, 1, 1));
        var hire = Hire.Create(Record(History("IN", null), partner, Day(2026, 3, 1)));

        var cancelled = HireDecisions.Cancel(hire, new CancelHire(Day(2026, 4, 1), "Probation"));

        cancelled.CreditedFee.ShouldBe(hire.Fee);
        Should.Throw<RuleViolation>(() => HireDecisions.Cancel(hire.Apply(cancelled), new CancelHire(Day(2026, 4, 2), "Again")));
    }

    [Theory]
    [InlineData(322.5806451, 322.58)]
    [InlineData(0.005, 0.01)]
    [InlineData(-0.005, -0.01)]
    [InlineData(1250, 1250.00)]
    public void Money_is_rounded_once_to_two_decimals_half_away_from_zero(decimal exact, decimal billed)
    {
        var money = Money.Billed(exact, "NOK");

        money.Amount.ShouldBe(billed);
        money.Amount.Scale.ShouldBe((byte)2);
        Should.Throw<InvalidOperationException>(() => money + new Money(1m, "SEK"));
    }
}
