using TalentPool.Billing;
using TalentPool.Common;
using TalentPool.Municipalities;
using TalentPool.Partners;
using TalentPool.Regions;
using static TalentPool.Tests.Billing.BillingWorld;

namespace TalentPool.Tests.Billing;

public class BillingCalculatorTests
{
    private readonly BillingWorld _world = new();

    [Fact]
    public void A_standard_partner_member_all_month_pays_the_whole_licence()
    {
        var partner = _world.Partner("Mjøsbruket", PartnerTier.Standard, Day(2026, 1, 1));

        var statement = _world.StatementOf(partner.Id, Month(2026, 3));

        statement.Lines.ShouldHaveSingleItem().Amount.ShouldBe(new Money(2_500m, "NOK"));
        statement.Total.ShouldBe(new Money(2_500m, "NOK"));
        statement.PayerKind.ShouldBe(PayerKind.Partner);
    }

    [Fact]
    public void Days_that_no_price_list_covers_are_not_billed_and_pricing_them_never_throws()
    {
        var regionId = Guid.NewGuid();
        var varmland = Region.Create(new RegionRegistered(regionId, "Värmland", CountyId, "SE", "SEK", ["1760", "1761"], 200, 10_000))
            .Apply(new PriceListPublished(regionId, PriceList.Defaults(Day(2026, 3, 16)) with { Currency = "SEK" }));
        // Stored before joins were refused such days: a partner and a municipality members before the first price list.
        var partner = Partner.Create(new PartnerJoined(Guid.NewGuid(), regionId, "Arvika Gjuteri", "5561256063", 200, PartnerTier.Standard, Day(2026, 1, 1), null));
        var municipality = Municipality.Create(new MunicipalityJoined(Guid.NewGuid(), "1760", "Storfors", regionId, 4_000, 2025, Day(2026, 1, 1), LicencePayer.Municipality));
        var county = County.Create(new CountyRegistered(CountyId, "Värmland", "SE", ["1760", "1761"]));
        var facts = new BillingFacts(varmland, county, [partner], [municipality], []);

        BillingCalculator.Statements(facts, Month(2026, 2)).ShouldBeEmpty();
        var march = BillingCalculator.Statements(facts, Month(2026, 3));

        // From the 16th, when the first price list is in force: 2 500 × 16/31 = 1 290.32; band licence 5 000 × 16/31 = 2 580.65
        march.Single(s => s.PayerId == partner.Id).Total.ShouldBe(new Money(1_290.32m, "SEK"));
        march.Single(s => s.PayerId == municipality.Id).Total.ShouldBe(new Money(2_580.65m, "SEK"));
    }

    [Fact]
    public void A_partner_joining_on_the_16th_of_April_pays_15_of_30_days()
    {
        var partner = _world.Partner("Hedmark Energi", PartnerTier.Standard, Day(2026, 4, 16));

        _world.StatementOf(partner.Id, Month(2026, 4)).Total.ShouldBe(new Money(1_250m, "NOK"));
    }

    [Fact]
    public void A_tier_change_mid_month_prorates_each_tier_and_rounds_each_line_once()
    {
        var partner = _world.Partner("Løten Sag", PartnerTier.Small, Day(2026, 1, 1),
            new PartnerTierChanged(Guid.Empty, Guid.Empty, PartnerTier.Standard, 60, Day(2026, 3, 11), null));

        var statement = _world.StatementOf(partner.Id, Month(2026, 3));

        // 1 000 × 10/31 = 322.580… → 322.58; 2 500 × 21/31 = 1 693.548… → 1 693.55
        statement.Lines.Select(l => l.Amount.Amount).ShouldBe([322.58m, 1_693.55m]);
        statement.Total.Amount.ShouldBe(2_016.13m);
    }

    [Fact]
    public void A_cancelled_membership_is_billed_up_to_the_day_before_it_takes_effect()
    {
        var partner = _world.Partner("Stange Mek", PartnerTier.Standard, Day(2026, 1, 1),
            new PartnerMembershipCancelled(Guid.Empty, Guid.Empty, Day(2026, 2, 15), "Moved away"));

        _world.StatementOf(partner.Id, Month(2026, 2)).Total.Amount.ShouldBe(1_250m); // 14 of 28 days
        BillingCalculator.Statements(_world.Facts, Month(2026, 3)).ShouldNotContain(s => s.PayerId == partner.Id);
    }

    [Fact]
    public void A_hire_is_billed_in_its_month_and_credited_in_the_month_it_is_cancelled()
    {
        var partner = _world.Partner("Mjøsbruket", PartnerTier.Standard, Day(2026, 1, 1));
        var hire = _world.Hire(partner, Day(2026, 3, 10), 20_000m);
        _world.Cancel(hire, Day(2026, 4, 2));

        var march = _world.StatementOf(partner.Id, Month(2026, 3));
        var april = _world.StatementOf(partner.Id, Month(2026, 4));

        march.Lines.Single(l => l.Kind == LineKind.HireFee).Amount.Amount.ShouldBe(20_000m);
        march.Total.Amount.ShouldBe(22_500m);
        april.Lines.Single(l => l.Kind == LineKind.HireFeeCredit).Amount.Amount.ShouldBe(-20_000m);
        april.Total.Amount.ShouldBe(-17_500m);
    }

    [Theory]
    [InlineData(5_000, 5_000)]
    [InlineData(5_001, 10_000)]
    [InlineData(20_000, 15_000)]
    [InlineData(30_001, 25_000)]
    public void A_municipality_pays_the_licence_of_its_population_band(int population, decimal licence)
    {
        var hamar = _world.Municipality("3403", "Hamar", population, Day(2026, 1, 1));

        _world.StatementOf(hamar.Id, Month(2026, 3)).Total.Amount.ShouldBe(licence);
    }

    [Fact]
    public void The_regional_rate_starts_the_day_the_last_municipality_of_the_region_joins_and_stops_when_one_leaves()
    {
        var hamar = _world.Municipality("3403", "Hamar", 32_000, Day(2026, 1, 1));
        _world.Municipality("3405", "Ringsaker", 35_000, Day(2026, 1, 1));
        var loten = _world.Municipality("3411", "Løten", 7_600, Day(2026, 1, 1));
        _world.Municipality("3412", "Stange", 21_000, Day(2026, 3, 16));

        var february = _world.StatementOf(hamar.Id, Month(2026, 2));
        var march = _world.StatementOf(hamar.Id, Month(2026, 3));
        var april = _world.StatementOf(hamar.Id, Month(2026, 4));
        _world.Change(loten, new MunicipalityLeft(loten.Id, loten.RegionId, Day(2026, 6, 1), "Budget"));
        var june = _world.StatementOf(hamar.Id, Month(2026, 6));

        february.Total.Amount.ShouldBe(25_000m);
        // 25 000 × 15/31 = 12 096.77; then 32 000 × 4 / 12 × 16/31 = 5 505.376… → 5 505.38
        march.Lines.Select(l => l.Amount.Amount).ShouldBe([12_096.77m, 5_505.38m]);
        march.Lines[1].Description.ShouldContain("regional rate");
        april.Total.Amount.ShouldBe(10_666.67m); // 32 000 × 4 / 12
        june.Total.Amount.ShouldBe(25_000m);
    }

    [Fact]
    public void The_county_rate_applies_when_every_municipality_of_the_county_takes_part()
    {
        var hamar = _world.Municipality("3403", "Hamar", 32_000, Day(2026, 1, 1));
        foreach (var number in new[] { "3405", "3411", "3412" }) _world.Municipality(number, $"M{number}", 10_000, Day(2026, 1, 1));
        _world.Municipality("3407", "Gjøvik", 30_000, Day(2026, 1, 1), region: _world.Gjovik);
        _world.Municipality("3443", "Vestre Toten", 13_500, Day(2026, 5, 1), region: _world.Gjovik);

        _world.StatementOf(hamar.Id, Month(2026, 4)).Total.Amount.ShouldBe(10_666.67m); // regional: 32 000 × 4 / 12
        _world.StatementOf(hamar.Id, Month(2026, 5)).Total.Amount.ShouldBe(8_000m); // county: 32 000 × 3 / 12
    }

    [Fact]
    public void A_regional_council_gets_one_statement_whose_lines_name_its_municipalities()
    {
        var hamar = _world.Municipality("3403", "Hamar", 32_000, Day(2026, 1, 1), LicencePayer.RegionalCouncil);
        var loten = _world.Municipality("3411", "Løten", 7_600, Day(2026, 1, 1), LicencePayer.RegionalCouncil);
        var stange = _world.Municipality("3412", "Stange", 21_000, Day(2026, 1, 1));

        var statements = BillingCalculator.Statements(_world.Facts, Month(2026, 3));

        var council = statements.Single(s => s.PayerKind == PayerKind.RegionalCouncil);
        council.PayerId.ShouldBe(_world.Hamarregionen.Id);
        council.Lines.Select(l => l.MemberName).ShouldBe(["Hamar", "Løten"], ignoreOrder: true);
        council.Total.Amount.ShouldBe(25_000m + 10_000m);
        statements.Single(s => s.PayerId == stange.Id).Total.Amount.ShouldBe(20_000m);
        statements.ShouldNotContain(s => s.PayerId == hamar.Id || s.PayerId == loten.Id);
    }

    [Fact]
    public void A_new_price_list_from_mid_month_prorates_each_version()
    {
        var partner = _world.Partner("Mjøsbruket", PartnerTier.Standard, Day(2026, 1, 1));
        var raised = PriceList.Defaults(Day(2026, 4, 16)) with { Standard = new PartnerPrice(3_000m, 20_000m) };
        var region = _world.Hamarregionen.Apply(new PriceListPublished(_world.Hamarregionen.Id, raised));
        var facts = _world.Facts with { Region = region };

        var april = BillingCalculator.Statements(facts, Month(2026, 4)).Single(s => s.PayerId == partner.Id);

        april.Lines.Select(l => l.Amount.Amount).ShouldBe([1_250m, 1_500m]);
    }
}
