using TalentPool.Talents;

namespace TalentPool.Tests.Talents;

public class TalentValidationTests
{
    private readonly RegisterTalentValidator _registration = new();

    [Fact]
    public void A_complete_registration_is_valid()
    {
        _registration.Validate(TalentRequests.Registration()).IsValid.ShouldBeTrue();
    }

    [Theory]
    [InlineData("Email", "not-an-address")]
    [InlineData("CountryOfResidence", "India")]
    [InlineData("Phone", "call me maybe")]
    public void A_malformed_field_is_named_in_the_error(string field, string value)
    {
        var command = field switch
        {
            "Email" => TalentRequests.Registration() with { Email = value },
            "CountryOfResidence" => TalentRequests.Registration() with { CountryOfResidence = value },
            _ => TalentRequests.Registration() with { Phone = value },
        };

        var result = _registration.Validate(command);

        result.Errors.ShouldHaveSingleItem().PropertyName.ShouldBe(field);
    }

    [Fact]
    public void A_talent_must_name_a_language_and_a_competence_area_and_real_municipality_numbers()
    {
        var command = TalentRequests.Registration() with { Languages = [], CompetenceAreas = [], PreferredMunicipalities = ["Hamar"] };

        // "Hamar" is both too long and not four digits: one field, told one message (the answer lists each message once).
        var fields = _registration.Validate(command).Errors.Select(e => e.PropertyName).Distinct().ToList();

        fields.ShouldBe(["Languages", "CompetenceAreas", "PreferredMunicipalities[0]"], ignoreOrder: true);
    }

    [Fact]
    public void A_profile_update_needs_the_version_it_was_read_at()
    {
        var update = TalentRequests.ProfileUpdate(TalentRequests.Registration(), version: 0);

        new UpdateTalentProfileValidator().Validate(update).Errors.ShouldHaveSingleItem().PropertyName.ShouldBe("ExpectedVersion");
    }
}
