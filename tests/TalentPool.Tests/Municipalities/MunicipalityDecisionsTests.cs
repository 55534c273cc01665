using TalentPool.Common;
using TalentPool.Municipalities;
using TalentPool.Regions;
using static TalentPool.Tests.Billing.BillingWorld;

namespace TalentPool.Tests.Municipalities;

public class MunicipalityDecisionsTests
{
    private static readonly DateOnly Today = Day(2026, 11, 25);

    private static Municipality Hamar() => Municipality.Create(new MunicipalityJoined(
        Guid.NewGuid(), "3403", "Hamar", Guid.NewGuid(), 32_000, 2025, Day(2026, 1, 1), LicencePayer.Municipality));

    private static Municipality LeavingNextJune()
    {
        var hamar = Hamar();
        return hamar.Apply(MunicipalityDecisions.Leave(hamar, new LeaveMunicipalityMembership(Day(2027, 6, 1), "Budget"), Today));
    }

    [Fact]
    public void Given_leaving_dated_next_June_When_today_is_November_Then_Hamar_is_a_member_until_the_last_day_of_May()
    {
        var hamar = LeavingNextJune();

        hamar.IsMemberOn(Today).ShouldBeTrue();
        hamar.IsMemberOn(Day(2027, 5, 31)).ShouldBeTrue();
        hamar.IsMemberOn(Day(2027, 6, 1)).ShouldBeFalse();
    }

    [Fact]
    public void Given_leaving_is_pending_When_leaving_again_Then_refused_naming_the_pending_date()
    {
        var hamar = LeavingNextJune();

        Should.Throw<RuleViolation>(() => MunicipalityDecisions.Leave(hamar, new LeaveMunicipalityMembership(Day(2027, 2, 1), "Sooner"), Today))
            .Message.ShouldBe("Hamar is leaving already: its membership ends on 2027-06-01.");
    }

    [Fact]
    public void Given_leaving_is_pending_When_rejoining_Then_refused_until_that_day_has_come()
    {
        var hamar = LeavingNextJune();
        var region = NewRegion("Hamarregionen", ["3403"]);

        Should.Throw<RuleViolation>(() => MunicipalityDecisions.Rejoin(hamar, new RejoinMunicipality(Day(2027, 6, 1)), region, Today))
            .Message.ShouldContain("member until 2027-06-01");
        MunicipalityDecisions.Rejoin(hamar, new RejoinMunicipality(Day(2027, 7, 1)), region, today: Day(2027, 6, 1)).RejoinedOn.ShouldBe(Day(2027, 7, 1));
    }

    [Fact]
    public void Given_a_region_whose_only_price_list_starts_later_When_a_municipality_rejoins_before_it_Then_refused()
    {
        var hamar = Hamar();
        hamar = hamar.Apply(MunicipalityDecisions.Leave(hamar, new LeaveMunicipalityMembership(Day(2026, 3, 1), "Pause"), Today));
        var regionId = Guid.NewGuid();
        var region = Region.Create(new RegionRegistered(regionId, "Värmland", CountyId, "SE", "SEK", ["1760"], 200, 10_000))
            .Apply(new PriceListPublished(regionId, PriceList.Defaults(Day(2027, 1, 1)) with { Currency = "SEK" }));

        Should.Throw<RuleViolation>(() => MunicipalityDecisions.Rejoin(hamar, new RejoinMunicipality(Day(2026, 6, 1)), region, Today))
            .Message.ShouldBe("Region Värmland has no price list in force on 2026-06-01 (its first is in force from 2027-01-01).");
    }

    [Fact]
    public void Given_a_count_for_next_January_When_a_count_is_back_dated_to_June_Then_it_is_inserted_and_January_and_the_join_count_stay()
    {
        var hamar = Hamar();
        hamar = hamar.Apply(MunicipalityDecisions.UpdatePopulation(hamar, new UpdatePopulation(32_500, 2026, Day(2027, 1, 1))));

        hamar = hamar.Apply(MunicipalityDecisions.UpdatePopulation(hamar, new UpdatePopulation(32_200, 2026, Day(2026, 6, 1))));
        hamar = hamar.Apply(MunicipalityDecisions.UpdatePopulation(hamar, new UpdatePopulation(30_000, 2019, Day(2020, 1, 1))));

        hamar.PopulationOn(Day(2026, 3, 1)).ShouldBe(32_000);
        hamar.PopulationOn(Day(2026, 7, 1)).ShouldBe(32_200);
        hamar.PopulationOn(Day(2027, 2, 1)).ShouldBe(32_500);
        hamar.Populations.Select(p => p.From).ShouldBe([Day(2020, 1, 1), Day(2026, 1, 1), Day(2026, 6, 1), Day(2027, 1, 1)]);
    }

    [Fact]
    public void Given_a_count_from_a_day_When_another_count_names_that_day_Then_refused_naming_the_recorded_count_and_the_correction_route()
    {
        var hamar = Hamar();

        var refused = Should.Throw<RuleViolation>(() => MunicipalityDecisions.UpdatePopulation(hamar, new UpdatePopulation(31_000, 2025, Day(2026, 1, 1))));

        refused.Message.ShouldContain("Hamar's population from 2026-01-01 is recorded already: 32000 inhabitants, counted in 2025");
        refused.Message.ShouldContain($"/api/v1/municipalities/{hamar.Id}/population/corrections");
    }

    [Fact]
    public void A_population_correction_replaces_the_count_of_its_day_only_and_needs_a_count_to_replace()
    {
        var hamar = Hamar();
        hamar = hamar.Apply(MunicipalityDecisions.UpdatePopulation(hamar, new UpdatePopulation(32_500, 2026, Day(2027, 1, 1))));

        var corrected = MunicipalityDecisions.CorrectPopulation(hamar, new CorrectPopulation(31_900, 2025, Day(2026, 1, 1), "SSB revised the count"));
        hamar = hamar.Apply(corrected);

        corrected.Reason.ShouldBe("SSB revised the count");
        hamar.PopulationOn(Day(2026, 3, 1)).ShouldBe(31_900);
        hamar.PopulationOn(Day(2027, 3, 1)).ShouldBe(32_500);
        Should.Throw<RuleViolation>(() => MunicipalityDecisions.CorrectPopulation(hamar, new CorrectPopulation(1, 2025, Day(2026, 2, 1), "No count then")))
            .Message.ShouldContain("No population of Hamar is recorded from 2026-02-01");
    }

    [Fact]
    public void Given_a_payer_change_next_January_When_a_change_is_back_dated_Then_every_later_change_stays_and_a_same_day_change_is_a_correction()
    {
        var hamar = Hamar();
        hamar = hamar.Apply(MunicipalityDecisions.ChangePayer(hamar, new ChangeLicencePayer(LicencePayer.RegionalCouncil, Day(2027, 1, 1))));
        hamar = hamar.Apply(MunicipalityDecisions.ChangePayer(hamar, new ChangeLicencePayer(LicencePayer.RegionalCouncil, Day(2026, 4, 1))));
        hamar = hamar.Apply(MunicipalityDecisions.ChangePayer(hamar, new ChangeLicencePayer(LicencePayer.Municipality, Day(2026, 10, 1))));

        hamar.Payers.Select(p => (p.From, p.PaidBy)).ShouldBe(
        [
            (Day(2026, 1, 1), LicencePayer.Municipality), (Day(2026, 4, 1), LicencePayer.RegionalCouncil),
            (Day(2026, 10, 1), LicencePayer.Municipality), (Day(2027, 1, 1), LicencePayer.RegionalCouncil),
        ]);
        Should.Throw<RuleViolation>(() => MunicipalityDecisions.ChangePayer(hamar, new ChangeLicencePayer(LicencePayer.Municipality, Day(2026, 4, 1))))
            .Message.ShouldContain("Hamar's payer from 2026-04-01 is recorded already: RegionalCouncil");
        hamar.Apply(MunicipalityDecisions.CorrectPayer(hamar, new CorrectLicencePayer(LicencePayer.Municipality, Day(2026, 4, 1), "Council never agreed")))
            .PayerOn(Day(2026, 5, 1)).ShouldBe(LicencePayer.Municipality);
    }
}
