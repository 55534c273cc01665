using TalentPool.Common;
using TalentPool.Regions;

namespace TalentPool.Tests.Regions;

public class RegionDecisionsTests
{
    private static readonly County Nordland = County.Create(new CountyRegistered(Guid.NewGuid(), "Nordland", "NO", ["1860", "1865", "1866"]));
    private static readonly County Orebro = County.Create(new CountyRegistered(Guid.NewGuid(), "Örebro län", "SE", ["1860", "1880"]));

    private static RegisterRegion Registration(County county, string country, params string[] numbers) =>
        new($"Region {Guid.NewGuid():N}", county.Id, country, country == "SE" ? "SEK" : "NOK", numbers, null, null, null);

    private static Region Registered(County county, string country, params string[] numbers) =>
        Region.Create(RegionDecisions.Register(Guid.NewGuid(), Registration(county, country, numbers), county, []).Registered);

    [Fact]
    public void Given_a_region_with_1860_in_Norway_When_another_Norwegian_region_claims_it_Then_refused_naming_the_number_and_the_region()
    {
        var lofoten = Registered(Nordland, "NO", "1860", "1865");

        var refusal = Should.Throw<RuleViolation>(() =>
            RegionDecisions.Register(Guid.NewGuid(), Registration(Nordland, "NO", "1866", "1860"), Nordland, [lofoten]));

        refusal.Message.ShouldContain("1860");
        refusal.Message.ShouldContain(lofoten.Name);
        refusal.Message.ShouldContain(lofoten.Id.ToString());
    }

    [Fact]
    public void Given_Vestvagoy_1860_in_Norway_When_a_Swedish_region_claims_Laxa_1860_Then_it_is_registered_with_a_claim_of_its_own()
    {
        var lofoten = Registered(Nordland, "NO", "1860");

        var laxa = RegionDecisions.Register(Guid.NewGuid(), Registration(Orebro, "SE", "1860") with
        {
            PriceList = PriceList.Defaults(new DateOnly(2000, 1, 1)) with { Currency = "SEK" },
        }, Orebro, [lofoten]);

        var claim = laxa.Claims.ShouldHaveSingleItem();
        (claim.Country, claim.Number).ShouldBe(("SE", "1860"));
        claim.ClaimId.ShouldBe(MunicipalityNumberClaim.IdFor("SE", "1860"));
        claim.ClaimId.ShouldNotBe(MunicipalityNumberClaim.IdFor("NO", "1860"));
    }

    [Fact]
    public void A_region_claims_each_of_its_numbers_once_in_its_country()
    {
        var registration = RegionDecisions.Register(Guid.NewGuid(), Registration(Nordland, "no", "1860", "1865", "1860"), Nordland, []);

        registration.Registered.Country.ShouldBe("NO");
        registration.Registered.MunicipalityNumbers.ShouldBe(["1860", "1865"]);
        registration.Claims.Select(c => c.ClaimId).ShouldBe([MunicipalityNumberClaim.IdFor("NO", "1860"), MunicipalityNumberClaim.IdFor("NO", "1865")]);
        registration.Claims.ShouldAllBe(c => c.RegionId == registration.Registered.RegionId);
    }

    [Fact]
    public void A_region_whose_municipality_is_not_in_its_county_is_refused()
    {
        var refusal = Should.Throw<RuleViolation>(() =>
            RegionDecisions.Register(Guid.NewGuid(), Registration(Nordland, "NO", "1860", "3403"), Nordland, []));

        refusal.Message.ShouldContain("3403");
        refusal.Message.ShouldContain("Nordland");
    }

    [Fact]
    public void A_region_in_another_country_than_its_county_is_refused()
    {
        Should.Throw<RuleViolation>(() => RegionDecisions.Register(Guid.NewGuid(), Registration(Nordland, "SE", "1860"), Nordland, []))
            .Message.ShouldContain("Nordland is in NO, not SE");
    }

    [Fact]
    public void A_county_registered_without_its_municipalities_accepts_any_but_knows_none()
    {
        var hedmark = County.Create(CountyRegistered.From(new CountyRegisteredV1(Guid.NewGuid(), "Hedmark")));

        var registration = RegionDecisions.Register(Guid.NewGuid(), Registration(hedmark, "NO", "3403"), hedmark, []);

        registration.Claims.ShouldHaveSingleItem().Number.ShouldBe("3403");
        hedmark.KnowsItsMunicipalities.ShouldBeFalse();
    }
}
