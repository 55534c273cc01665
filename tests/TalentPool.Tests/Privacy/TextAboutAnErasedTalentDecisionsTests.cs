using TalentPool.Candidates;
using TalentPool.Common;
using TalentPool.Hires;
using TalentPool.Talents;
using TalentPool.Tests.Talents;
using TalentPool.Vacancies;

namespace TalentPool.Tests.Privacy;

/// <summary>Free text written about a talent after the talent's erasure is stored masked: the write goes through, the text does not.</summary>
public class TextAboutAnErasedTalentDecisionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);
    private const string AboutThePerson = "Priya Raman (priya@example.org) did not show up";

    private static Candidacy NewCandidacy() => Candidacy.Create(
        new CandidateIntroduced(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), EmployerKind.Partner, Guid.NewGuid(), Now));

    private static Hire NewHire() => Hire.Create(new HireRecorded(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), null,
        new DateOnly(2026, 3, 2), new DateOnly(2026, 3, 2), HireClassification.External, null, new Money(20_000m, "NOK"), "IN", ["Welding"], Now,
        true, "3403"));

    private static Hire Erased(Hire hire) =>
        hire.Apply(new HireTextErased(hire.Id, hire.PartnerId, hire.RegionId, hire.StartsOn, hire.WorkplaceMunicipality, Now));

    [Fact]
    public void Given_a_candidacy_whose_talent_was_erased_When_rejecting_with_a_reason_Then_the_candidate_is_rejected_and_the_reason_stored_masked()
    {
        var candidacy = NewCandidacy();
        var erased = candidacy.Apply(new CandidacyTextErased(candidacy.Id, candidacy.EmployerKind, candidacy.EmployerId, Now));

        CandidateDecisions.Reject(erased, AboutThePerson, Now).Reason.ShouldBe(ErasedText.Value);
        CandidateDecisions.Reject(candidacy, $" {AboutThePerson} ", Now).Reason.ShouldBe(AboutThePerson);
    }

    [Fact]
    public void Given_a_hire_whose_talent_was_erased_When_cancelling_ending_or_recording_the_plus_one_Then_the_text_is_stored_masked()
    {
        var erased = Erased(NewHire());

        HireDecisions.Cancel(erased, new CancelHire(new DateOnly(2026, 3, 20), AboutThePerson)).Reason.ShouldBe(ErasedText.Value);
        HireDecisions.End(erased, new EndEmployment(new DateOnly(2026, 5, 1), true, AboutThePerson)).Reason.ShouldBe(ErasedText.Value);
        HireDecisions.RecordAccompanyingPartnerEmployed(erased, new RecordAccompanyingPartnerEmployment(new DateOnly(2026, 4, 1), "Nurse, married to Priya"))
            .Occupation.ShouldBe(ErasedText.Value);
        HireDecisions.Cancel(NewHire(), new CancelHire(new DateOnly(2026, 3, 20), AboutThePerson)).Reason.ShouldBe(AboutThePerson);
    }

    [Fact]
    public void An_erased_profile_keeps_that_the_talent_has_a_plus_one_but_not_the_plus_ones_occupation()
    {
        var profile = TalentDecisions.Register(TalentRequests.Registration(), Guid.NewGuid(), Now).Profile;

        profile.Erased().ShouldBe(profile with { AccompanyingPartner = new AccompanyingPartner(ErasedText.Value) });
        (profile with { AccompanyingPartner = null }).Erased().AccompanyingPartner.ShouldBeNull();
    }
}
