using TalentPool.Common;
using TalentPool.Talents;

namespace TalentPool.Tests.Talents;

/// <summary>The rules of consent to other regions, without a database.</summary>
public class OtherRegionsConsentDecisionsTests
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid TalentId = Guid.NewGuid(), Home = Guid.NewGuid(), Elsewhere = Guid.NewGuid();

    private static Talent Registered(bool partners = true, bool municipalities = false) => Talent.Create(TalentDecisions.Register(
        TalentRequests.Registration() with { ShareWithPartners = partners, ShareWithMunicipalities = municipalities }, TalentId, Monday));

    private static Talent ConsentingElsewhere(Talent talent) =>
        talent.Apply(TalentDecisions.GiveOtherRegionsConsent(talent, Home, new GiveOtherRegionsConsent(false, [Elsewhere, Elsewhere]), Monday));

    [Fact]
    public void Given_a_talent_who_shares_When_it_consents_to_named_regions_Then_those_regions_are_recorded_once_each()
    {
        var given = TalentDecisions.GiveOtherRegionsConsent(Registered(), Home, new GiveOtherRegionsConsent(false, [Elsewhere, Elsewhere]), Monday);

        given.ShouldSatisfyAllConditions(
            () => given.TalentId.ShouldBe(TalentId), () => given.EveryRegion.ShouldBeFalse(), () => given.GivenAt.ShouldBe(Monday));
        given.Regions.ShouldBe([Elsewhere]);
        OtherRegionsConsent.From(given).Includes(Elsewhere).ShouldBeTrue();
        OtherRegionsConsent.From(given).Includes(Guid.NewGuid()).ShouldBeFalse();
    }

    [Fact]
    public void Given_a_consent_to_every_region_Then_it_includes_any_region_and_names_none()
    {
        var given = TalentDecisions.GiveOtherRegionsConsent(Registered(), Home, new GiveOtherRegionsConsent(true), Monday);

        given.EveryRegion.ShouldBeTrue();
        given.Regions.ShouldBeEmpty();
        OtherRegionsConsent.From(given).Includes(Guid.NewGuid()).ShouldBeTrue();
    }

    [Fact]
    public void Given_a_talent_who_shares_with_no_one_When_it_consents_to_other_regions_Then_it_is_refused()
    {
        Should.Throw<RuleViolation>(() => TalentDecisions.GiveOtherRegionsConsent(
            Registered(partners: false), Home, new GiveOtherRegionsConsent(true), Monday)).Message.ShouldContain("share");
    }

    [Fact]
    public void Given_a_talent_When_it_names_its_own_region_Then_it_is_refused()
    {
        Should.Throw<RuleViolation>(() => TalentDecisions.GiveOtherRegionsConsent(
            Registered(), Home, new GiveOtherRegionsConsent(false, [Elsewhere, Home]), Monday)).Message.ShouldContain(Home.ToString());
    }

    [Fact]
    public void Given_a_consent_to_other_regions_When_the_last_consent_to_share_is_withdrawn_Then_the_consent_to_other_regions_goes_with_it()
    {
        var talent = ConsentingElsewhere(Registered());

        TalentDecisions.WithdrawConsent(talent, ConsentScope.Partners, Monday)
            .ShouldBe([new TalentConsentWithdrawn(TalentId, ConsentScope.Partners, Monday), new TalentOtherRegionsConsentWithdrawn(TalentId, Monday)]);
    }

    [Fact]
    public void Given_a_consent_to_other_regions_When_one_of_two_consents_to_share_is_withdrawn_Then_the_consent_to_other_regions_stays()
    {
        var talent = ConsentingElsewhere(Registered(municipalities: true));

        TalentDecisions.WithdrawConsent(talent, ConsentScope.Partners, Monday)
            .ShouldBe([new TalentConsentWithdrawn(TalentId, ConsentScope.Partners, Monday)]);
    }

    [Fact]
    public void Given_no_consent_to_other_regions_When_it_is_withdrawn_Then_nothing_is_recorded_and_given_one_it_is()
    {
        TalentDecisions.WithdrawOtherRegionsConsent(Registered(), Monday).ShouldBeEmpty();
        var talent = ConsentingElsewhere(Registered());
        TalentDecisions.WithdrawOtherRegionsConsent(talent, Monday).ShouldBe([new TalentOtherRegionsConsentWithdrawn(TalentId, Monday)]);
        talent.Apply(new TalentOtherRegionsConsentWithdrawn(TalentId, Monday)).Consents.OtherRegions.ShouldBeNull();
    }
}
