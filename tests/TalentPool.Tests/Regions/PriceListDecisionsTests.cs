using FluentValidation.TestHelper;
using TalentPool.Common;
using TalentPool.Regions;
using static TalentPool.Tests.Billing.BillingWorld;

namespace TalentPool.Tests.Regions;

public class PriceListDecisionsTests
{
    private static Region WithVersions(params PriceList[] versions) =>
        versions.Aggregate(NewRegion("Hamarregionen", ["3403"]), (region, version) => region.Apply(PriceListDecisions.Publish(region, version)));

    [Fact]
    public void Given_a_version_for_next_January_When_one_is_back_dated_to_July_Then_it_is_inserted_and_January_stays_in_force_from_January()
    {
        var region = WithVersions(
            PriceList.Defaults(Day(2027, 1, 1)) with { Standard = new PartnerPrice(3_000m, 20_000m) },
            PriceList.Defaults(Day(2026, 7, 1)) with { Standard = new PartnerPrice(2_800m, 20_000m) });

        region.PriceListOn(Day(2026, 6, 30))!.Standard.MonthlyLicence.ShouldBe(2_500m);
        region.PriceListOn(Day(2026, 7, 1))!.Standard.MonthlyLicence.ShouldBe(2_800m);
        region.PriceListOn(Day(2027, 1, 1))!.Standard.MonthlyLicence.ShouldBe(3_000m);
        region.PriceLists.Select(p => p.EffectiveFrom).ShouldBe([Day(2000, 1, 1), Day(2026, 7, 1), Day(2027, 1, 1)]);
    }

    [Fact]
    public void Given_a_version_from_a_day_When_another_is_published_for_that_day_Then_refused_and_a_correction_replaces_it_with_its_reason()
    {
        var region = WithVersions(PriceList.Defaults(Day(2027, 1, 1)));
        var replacement = PriceList.Defaults(Day(2027, 1, 1)) with { Small = new PartnerPrice(1_200m, 20_000m) };

        Should.Throw<RuleViolation>(() => PriceListDecisions.Publish(region, replacement))
            .Message.ShouldContain("A price list in force from 2027-01-01 is published already");
        var corrected = PriceListDecisions.Correct(region, new CorrectPriceList(replacement, "The board agreed 1 200"));
        region = region.Apply(corrected);

        corrected.Reason.ShouldBe("The board agreed 1 200");
        region.PriceLists.Count.ShouldBe(2);
        region.PriceListOn(Day(2027, 2, 1))!.Small.MonthlyLicence.ShouldBe(1_200m);
        Should.Throw<RuleViolation>(() => PriceListDecisions.Correct(region, new CorrectPriceList(PriceList.Defaults(Day(2026, 3, 1)), "Nothing there")))
            .Message.ShouldContain("No price list is in force from 2026-03-01");
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(1999, 12, 31)]
    [InlineData(2100, 1, 1)]
    public void A_price_list_without_a_sensible_effective_from_is_invalid(int year, int month, int day)
    {
        new PriceListValidator().TestValidate(PriceList.Defaults(new DateOnly(year, month, day)))
            .ShouldHaveValidationErrorFor(x => x.EffectiveFrom);
    }
}
