using TalentPool.Talents;
using TalentPool.Talents.Import;

namespace TalentPool.Tests.Talents.Import;

/// <summary>A CSV row read as the registration request: only what a JSON reader checks; the rules are the validator's.</summary>
public sealed class TalentCsvRowTests
{
    private static Func<string, string?> Cells(Dictionary<string, string> cells) => column => cells.GetValueOrDefault(column);

    private static Dictionary<string, string> Valid() => new()
    {
        ["fullName"] = "Priya Raman", ["email"] = "priya@example.com", ["countryOfResidence"] = "IN", ["languages"] = "en; hi",
        ["competenceAreas"] = "Battery engineering", ["educationLevel"] = "Master", ["yearsOfExperience"] = "7",
        ["preferredMunicipalities"] = "", ["heardAboutUsVia"] = "Employer", ["shareWithPartners"] = "TRUE", ["shareWithMunicipalities"] = "false",
        ["phone"] = "", ["accompanyingPartnerOccupation"] = "Teacher",
    };

    [Fact]
    public void A_row_becomes_the_request_lists_split_by_semicolons_empty_optional_cells_left_out()
    {
        var (registration, errors) = TalentCsvRow.Read(2, Cells(Valid()));

        errors.ShouldBeEmpty();
        registration.ShouldNotBeNull();
        registration.Languages.ShouldBe(["en", "hi"]);
        registration.PreferredMunicipalities.ShouldBeEmpty();
        registration.EducationLevel.ShouldBe(EducationLevel.Master);
        registration.ShareWithPartners.ShouldBeTrue();
        registration.ShareWithMunicipalities.ShouldBeFalse();
        registration.Phone.ShouldBeNull();
        registration.AccompanyingPartner.ShouldBe(new AccompanyingPartner("Teacher"));
    }

    [Theory]
    [InlineData("educationLevel", "3", "OneOf")]
    [InlineData("educationLevel", "master", "OneOf")]
    [InlineData("yearsOfExperience", "seven", "Integer")]
    [InlineData("shareWithPartners", "yes", "Boolean")]
    public void A_cell_a_json_reader_would_refuse_is_named_with_its_line_and_rule(string column, string value, string rule)
    {
        var cells = Valid();
        cells[column] = value;

        var (registration, errors) = TalentCsvRow.Read(9, Cells(cells));

        registration.ShouldBeNull();
        var error = errors.ShouldHaveSingleItem();
        (error.Line, error.Field, error.Rule).ShouldBe((9L, column, rule));
    }

    [Fact]
    public void A_header_with_an_unknown_a_repeated_or_a_missing_column_is_refused_naming_each()
    {
        var problems = TalentCsvRow.HeaderProblems([.. TalentCsvRow.AllColumns.Where(c => c != "email"), "favouriteColour", "about"]);

        problems.ShouldContain(p => p.StartsWith("'favouriteColour' is not a column"));
        problems.ShouldContain("'about' is given twice.");
        problems.ShouldContain("The required column 'email' is missing.");
        TalentCsvRow.HeaderProblems([.. TalentCsvRow.RequiredColumns]).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("Email", "email")]
    [InlineData("Languages[2]", "languages")]
    [InlineData("accompanyingPartner.occupation", "accompanyingPartnerOccupation")]
    public void A_validator_property_path_names_its_column(string path, string column) => TalentCsvRow.ColumnOf(path).ShouldBe(column);
}
