using TalentPool.Talents;

namespace TalentPool.Tests.Talents;

public class TalentDecisionsTests
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid TalentId = Guid.NewGuid();

    private static Talent Registered(RegisterTalent? command = null) =>
        Talent.Create(TalentDecisions.Register(command ?? TalentRequests.Registration(), TalentId, Monday));

    [Fact]
    public void When_registering_Then_details_are_stored_in_canonical_form()
    {
        var registered = TalentDecisions.Register(TalentRequests.Registration("Priya@Example.com "), TalentId, Monday);

        registered.TalentId.ShouldBe(TalentId);
        registered.Personal.Email.ShouldBe("Priya@Example.com");
        registered.Profile.CountryOfResidence.ShouldBe("IN");
        registered.Profile.Languages.ShouldBe(["en", "hi"]);
        registered.Profile.CompetenceAreas.ShouldBe(["Battery engineering", "Process chemistry"]);
        registered.RegisteredAt.ShouldBe(Monday);
    }

    [Fact]
    public void When_registering_Then_only_the_consents_given_are_recorded()
    {
        var partnersOnly = TalentDecisions.Register(TalentRequests.Registration(), TalentId, Monday);
        var both = TalentDecisions.Register(TalentRequests.Registration() with { ShareWithMunicipalities = true }, TalentId, Monday);
        var none = TalentDecisions.Register(TalentRequests.Registration() with { ShareWithPartners = false }, TalentId, Monday);

        partnersOnly.ConsentsGiven.ShouldBe([ConsentScope.Partners]);
        both.ConsentsGiven.ShouldBe([ConsentScope.Partners, ConsentScope.Municipalities]);
        none.ConsentsGiven.ShouldBeEmpty();
    }

    [Fact]
    public void Given_a_talent_When_the_update_changes_nothing_Then_nothing_is_recorded()
    {
        var command = TalentRequests.Registration();
        var talent = Registered(command);

        TalentDecisions.UpdateProfile(talent, TalentRequests.ProfileUpdate(command, 1), Monday.AddDays(1)).ShouldBeEmpty();
    }

    [Fact]
    public void Given_a_talent_When_moving_to_Sweden_Then_the_profile_update_is_recorded_and_evolves_the_state()
    {
        var command = TalentRequests.Registration();
        var talent = Registered(command);
        var update = TalentRequests.ProfileUpdate(command, 1) with { CountryOfResidence = "se", Phone = null };

        var events = TalentDecisions.UpdateProfile(talent, update, Monday.AddDays(1)).ToList();

        var updated = events.ShouldHaveSingleItem().ShouldBeOfType<TalentProfileUpdated>();
        var evolved = talent.Apply(updated);
        evolved.Profile.CountryOfResidence.ShouldBe("SE");
        evolved.Personal.Phone.ShouldBeNull();
    }

    [Fact]
    public void Given_consent_to_municipalities_not_in_force_When_withdrawing_it_Then_nothing_is_recorded()
    {
        TalentDecisions.WithdrawConsent(Registered(), ConsentScope.Municipalities, Monday).ShouldBeEmpty();
    }

    [Fact]
    public void Given_consent_to_partners_When_withdrawing_it_Then_the_talent_is_no_longer_shared_with_partners()
    {
        var talent = Registered();
        talent.Consents.IsGiven(ConsentScope.Partners).ShouldBeTrue();

        var withdrawn = TalentDecisions.WithdrawConsent(talent, ConsentScope.Partners, Monday.AddDays(2)).ShouldHaveSingleItem();

        var evolved = talent.Apply(withdrawn.ShouldBeOfType<TalentConsentWithdrawn>());
        evolved.Consents.IsGiven(ConsentScope.Partners).ShouldBeFalse();
        evolved.Consents.IsGiven(ConsentScope.Municipalities).ShouldBeFalse();
    }

    [Fact]
    public void Given_consent_in_force_When_giving_it_again_Then_it_is_renewed_from_the_new_date()
    {
        var talent = Registered();
        var renewedAt = Monday.AddMonths(20);

        var evolved = talent.Apply(TalentDecisions.GiveConsent(talent, ConsentScope.Partners, renewedAt));

        evolved.Consents.Since(ConsentScope.Partners).ShouldBe(renewedAt);
    }
}
