using TalentPool.Common;
using TalentPool.Regions;

namespace TalentPool.Tests.Regions;

public class CountyDecisionsTests
{
    private static readonly DateOnly NewYear2027 = new(2027, 1, 1);

    private static County Innlandet(params string[] numbers) => County.Create(new CountyRegistered(Guid.NewGuid(), "Innlandet", "NO", numbers));

    private static Region RegionOf(County county, string country, params string[] numbers) =>
        Region.Create(new RegionRegistered(Guid.NewGuid(), "Hamarregionen", county.Id, country, "NOK", numbers, 200, 10_000));

    [Fact]
    public void A_reorganisation_is_in_force_from_its_date_and_the_registered_list_before_it()
    {
        var county = Innlandet("3403", "3405");
        var recorded = CountyDecisions.RecordMunicipalities(county, new RecordCountyMunicipalities("no", ["3403", "3405", "3407"], NewYear2027), []);

        var reorganised = county.Apply(recorded);

        recorded.Country.ShouldBe("NO");
        reorganised.MunicipalitiesOn(NewYear2027.AddDays(-1)).ShouldBe(["3403", "3405"]);
        reorganised.MunicipalitiesOn(NewYear2027).ShouldBe(["3403", "3405", "3407"]);
        reorganised.LatestMunicipalities.ShouldBe(["3403", "3405", "3407"]);
    }

    [Fact]
    public void A_back_dated_list_takes_its_place_in_the_timeline_and_keeps_the_later_one()
    {
        var county = Innlandet("3403");
        county = county.Apply(CountyDecisions.RecordMunicipalities(county, new RecordCountyMunicipalities("NO", ["3403", "3407"], NewYear2027), []));
        county = county.Apply(CountyDecisions.RecordMunicipalities(county, new RecordCountyMunicipalities("NO", ["3403", "3405"], new DateOnly(2026, 1, 1)), []));

        county.MunicipalitiesOn(new DateOnly(2025, 6, 1)).ShouldBe(["3403"]);
        county.MunicipalitiesOn(new DateOnly(2026, 6, 1)).ShouldBe(["3403", "3405"]);
        county.MunicipalitiesOn(new DateOnly(2027, 6, 1)).ShouldBe(["3403", "3407"]);
    }

    [Fact]
    public void A_list_that_leaves_out_a_municipality_of_one_of_the_countys_regions_is_refused()
    {
        var county = Innlandet("3403", "3411", "3405");
        var hamarregionen = RegionOf(county, "NO", "3403", "3411");

        var refusal = Should.Throw<RuleViolation>(() =>
            CountyDecisions.RecordMunicipalities(county, new RecordCountyMunicipalities("NO", ["3403", "3405"], NewYear2027), [hamarregionen]));

        refusal.Message.ShouldContain("3411");
        refusal.Message.ShouldContain("Hamarregionen");
    }

    [Fact]
    public void A_county_keeps_its_country()
    {
        Should.Throw<RuleViolation>(() =>
                CountyDecisions.RecordMunicipalities(Innlandet("3403"), new RecordCountyMunicipalities("SE", ["3403"], NewYear2027), []))
            .Message.ShouldContain("is in NO, not SE");
    }

    [Fact]
    public void A_county_registered_without_a_country_takes_the_one_its_regions_are_in()
    {
        var hedmark = County.Create(CountyRegistered.From(new CountyRegisteredV1(Guid.NewGuid(), "Hedmark")));
        var swedishByMistake = RegionOf(hedmark, "SE", "3403");

        Should.Throw<RuleViolation>(() =>
                CountyDecisions.RecordMunicipalities(hedmark, new RecordCountyMunicipalities("NO", ["3403"], NewYear2027), [swedishByMistake]))
            .Message.ShouldContain("is in SE, not NO");
        var recorded = CountyDecisions.RecordMunicipalities(hedmark, new RecordCountyMunicipalities("NO", ["3403"], NewYear2027), [RegionOf(hedmark, "NO", "3403")]);
        hedmark.Apply(recorded).Country.ShouldBe("NO");
    }

    [Fact]
    public void A_second_list_from_the_same_date_is_refused_rather_than_overwriting_the_first()
    {
        var county = Innlandet("3403");
        county = county.Apply(CountyDecisions.RecordMunicipalities(county, new RecordCountyMunicipalities("NO", ["3403", "3405"], NewYear2027), []));

        Should.Throw<RuleViolation>(() =>
                CountyDecisions.RecordMunicipalities(county, new RecordCountyMunicipalities("NO", ["3403"], NewYear2027), []))
            .Message.ShouldContain("2027-01-01 already");
    }
}
