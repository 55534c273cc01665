using TalentPool.Regions;
using static TalentPool.Tests.Billing.BillingWorld;

namespace TalentPool.Tests.Billing;

/// <summary>The county rate needs every municipality of the county's own list, not only those of its registered regions.</summary>
public class CountyRateTests
{
    private readonly BillingWorld _world = new();

    private void EveryMunicipalityOfBothRegionsJoins(DateOnly on)
    {
        _world.Municipality("3403", "Hamar", 32_000, on);
        foreach (var number in new[] { "3405", "3411", "3412" }) _world.Municipality(number, $"M{number}", 10_000, on);
        _world.Municipality("3407", "Gjøvik", 30_000, on, region: _world.Gjovik);
        _world.Municipality("3443", "Vestre Toten", 13_500, on, region: _world.Gjovik);
    }

    private decimal HamarsTotal(int month) =>
        _world.StatementOf(_world.Municipalities.Single(m => m.Number == "3403").Id, Month(2026, month)).Total.Amount;

    [Fact]
    public void Given_a_county_of_46_whose_only_registered_region_has_4_When_all_4_take_part_Then_the_regional_rate_applies()
    {
        var others = Enumerable.Range(1, 42).Select(i => $"9{i:D3}");
        _world.County = County.Create(new CountyRegistered(CountyId, "Innlandet", "NO", ["3403", "3405", "3411", "3412", .. others]));
        _world.Municipality("3403", "Hamar", 32_000, Day(2026, 1, 1));
        foreach (var number in new[] { "3405", "3411", "3412" }) _world.Municipality(number, $"M{number}", 10_000, Day(2026, 1, 1));

        HamarsTotal(3).ShouldBe(10_666.67m); // regional: 32 000 × 4 / 12, not the county's 32 000 × 3 / 12 = 8 000
    }

    [Fact]
    public void A_county_that_does_not_know_its_municipalities_never_gives_the_county_rate()
    {
        _world.County = County.Create(CountyRegistered.From(new CountyRegisteredV1(CountyId, "Innlandet")));
        EveryMunicipalityOfBothRegionsJoins(Day(2026, 1, 1));

        HamarsTotal(3).ShouldBe(10_666.67m);
    }

    [Fact]
    public void The_county_rate_follows_the_countys_list_of_the_day()
    {
        // Registered with a seventh municipality that never joins; from 1 May the county is the six that do.
        _world.County = County.Create(new CountyRegistered(CountyId, "Innlandet", "NO", ["3403", "3405", "3411", "3412", "3407", "3443", "3401"]))
            .Apply(new CountyMunicipalitiesRecorded(CountyId, "NO", ["3403", "3405", "3411", "3412", "3407", "3443"], Day(2026, 5, 1)));
        EveryMunicipalityOfBothRegionsJoins(Day(2026, 1, 1));

        HamarsTotal(4).ShouldBe(10_666.67m); // regional
        HamarsTotal(5).ShouldBe(8_000m); // county: 32 000 × 3 / 12
    }
}
