using Alba;
using TalentPool.Auth;
using TalentPool.Municipalities;
using TalentPool.Partners;
using TalentPool.Regions;
using TalentPool.Tests.Infrastructure;

namespace TalentPool.Tests.Billing;

/// <summary>Regions, partners and municipalities through the HTTP pipeline.</summary>
[Collection(PostgresCollection.Name)]
public sealed class MembershipEndpointsTests(TalentPoolFixture fixture)
{
    private readonly Api _api = new(fixture);
    private static DateOnly Day(int y, int m, int d) => new(y, m, d);

    [Fact]
    public async Task A_NOK_region_starts_with_the_default_price_list_and_a_new_version_can_follow()
    {
        var region = await _api.RegionAsync();

        region.PriceLists.ShouldHaveSingleItem().Standard.ShouldBe(new PartnerPrice(2_500m, 20_000m));
        await _api.Host.Scenario(s => s.As(_api.Admin).Post
            .Json(PriceList.Defaults(Day(2027, 1, 1)) with { Small = new PartnerPrice(1_200m, 20_000m) })
            .ToUrl($"/api/v1/regions/{region.Id}/price-lists"));

        var updated = await _api.GetAsync<RegionDetails>($"/api/v1/regions/{region.Id}");
        updated.PriceLists.InForceOn(Day(2026, 12, 31))!.Small.MonthlyLicence.ShouldBe(1_000m);
        updated.PriceLists.InForceOn(Day(2027, 1, 1))!.Small.MonthlyLicence.ShouldBe(1_200m);
    }

    [Fact]
    public async Task A_SEK_region_without_its_own_prices_is_a_400_and_an_unknown_county_a_404()
    {
        var county = await _api.PostAsync("/api/v1/counties", new RegisterCounty("Norrbotten", "SE", ["2580"]));
        var result = await _api.Host.Scenario(s =>
        {
            s.As(_api.Admin).Post.Json(new RegisterRegion("Luleå", county, "SE", "SEK", ["2580"], null, null, null)).ToUrl("/api/v1/regions");
            s.StatusCodeShouldBe(400);
        });
        (await result.ReadValidationProblemAsync()).Errors.Keys.ShouldContain("priceList");

        await _api.PostAsync("/api/v1/regions", new RegisterRegion("Luleå", Guid.NewGuid(), "SE", "NOK", ["2580"], null, null, null), status: 404);
    }

    [Fact]
    public async Task A_founding_partner_cannot_cancel_before_its_commitment_ends()
    {
        var region = await _api.RegionAsync();
        var partner = await _api.PartnerAsync(region.Id, Day(2026, 1, 1), founding: true);

        var result = await _api.Host.Scenario(s =>
        {
            s.As(_api.Admin).Post.Json(new CancelPartnerMembership(Day(2026, 12, 1), "Budget")).ToUrl($"/api/v1/partners/{partner}/cancellation");
            s.StatusCodeShouldBe(409);
        });

        (await result.ReadProblemAsync()).Detail!.ShouldContain("committed until 2029-01-01");
        (await _api.GetAsync<PartnerDetails>($"/api/v1/partners/{partner}")).Version.ShouldBe(1);
    }

    [Fact]
    public async Task A_partner_changes_tier_cancels_and_rejoins_and_reads_itself()
    {
        var region = await _api.RegionAsync();
        var partnerId = await _api.PartnerAsync(region.Id, Day(2026, 1, 1), employees: 30);
        await _api.Host.Scenario(s => s.As(_api.Admin).Post.Json(new ChangePartnerTier(false, 80, Day(2026, 3, 1))).ToUrl($"/api/v1/partners/{partnerId}/tier"));
        await _api.Host.Scenario(s => s.As(_api.Admin).Post.Json(new CancelPartnerMembership(Day(2026, 6, 1), "Pause")).ToUrl($"/api/v1/partners/{partnerId}/cancellation"));
        await _api.Host.Scenario(s => s.As(_api.Admin).Post.Json(new RejoinPartner(false, 90, Day(2026, 9, 1))).ToUrl($"/api/v1/partners/{partnerId}/rejoin"));

        var partner = await _api.GetAsync<PartnerDetails>($"/api/v1/partners/{partnerId}", fixture.TokenFor(Roles.Partner, partnerId));

        var timeline = new MembershipTimeline(partner.Terms, partner.Tiers);
        timeline.TierFactOn(Day(2026, 2, 1)).Tier.ShouldBe(PartnerTier.Small);
        timeline.TierFactOn(Day(2026, 3, 1)).Tier.ShouldBe(PartnerTier.Standard);
        timeline.IsMemberOn(Day(2026, 7, 1)).ShouldBeFalse();
        timeline.IsMemberOn(Day(2026, 9, 1)).ShouldBeTrue();
        partner.Version.ShouldBe(4);
        var listed = await _api.GetAsync<List<PartnerDetails>>($"/api/v1/regions/{region.Id}/partners");
        listed.ShouldHaveSingleItem().ShouldBe(partner with { Terms = listed[0].Terms, Tiers = listed[0].Tiers });
    }

    [Fact]
    public async Task Partners_see_only_themselves_and_only_admins_manage_members()
    {
        var region = await _api.RegionAsync();
        var partner = await _api.PartnerAsync(region.Id, Day(2026, 1, 1));

        await _api.Host.Scenario(s =>
        {
            s.As(fixture.TokenFor(Roles.Partner, Guid.NewGuid())).Get.Url($"/api/v1/partners/{partner}");
            s.StatusCodeShouldBe(403);
        });
        await _api.Host.Scenario(s =>
        {
            s.As(fixture.TokenFor(Roles.Partner, partner)).Post.Json(new CancelPartnerMembership(Day(2026, 6, 1), "Self-service")).ToUrl($"/api/v1/partners/{partner}/cancellation");
            s.StatusCodeShouldBe(403);
        });
        await _api.Host.Scenario(s =>
        {
            s.Post.Json(new JoinPartner(region.Id, "Anon AS", "923609016", 10, false, Day(2026, 1, 1))).ToUrl("/api/v1/partners");
            s.StatusCodeShouldBe(401);
        });
    }

    [Fact]
    public async Task Partner_commands_answer_400_for_bad_input_and_404_for_unknown_partners_and_regions()
    {
        await _api.PostAsync("/api/v1/partners", new JoinPartner(Guid.NewGuid(), "Ghost AS", "923609016", 10, false, Day(2026, 1, 1)), status: 404);
        await _api.PostAsync("/api/v1/partners", new JoinPartner(Guid.NewGuid(), "", "x", -1, false, default), status: 400);
        await _api.PostAsync($"/api/v1/partners/{Guid.NewGuid()}/cancellation", new CancelPartnerMembership(Day(2026, 6, 1), "Gone"), status: 404);
        await _api.PostAsync($"/api/v1/partners/{Guid.NewGuid()}/tier", new ChangePartnerTier(false, 10, Day(2026, 6, 1)), status: 404);
        await _api.PostAsync($"/api/v1/partners/{Guid.NewGuid()}/rejoin", new RejoinPartner(false, 10, Day(2026, 6, 1)), status: 404);
    }

    [Fact]
    public async Task A_municipality_joins_its_region_once_and_leaves_and_rejoins()
    {
        var number = Api.UniqueNumber();
        var region = await _api.RegionAsync(number);
        var municipality = await _api.MunicipalityAsync(region.Id, number, 32_000, Day(2026, 1, 1));

        await _api.PostAsync("/api/v1/municipalities", new JoinMunicipality(region.Id, number, "Again", 1, 2025, Day(2026, 1, 1), LicencePayer.Municipality), status: 409);
        await _api.PostAsync("/api/v1/municipalities", new JoinMunicipality(region.Id, Api.UniqueNumber(), "Elsewhere", 1, 2025, Day(2026, 1, 1), LicencePayer.Municipality), status: 409);
        await _api.PostAsync($"/api/v1/municipalities/{municipality}/population", new UpdatePopulation(32_500, 2026, Day(2027, 1, 1)), status: 200);
        await _api.PostAsync($"/api/v1/municipalities/{municipality}/payer", new ChangeLicencePayer(LicencePayer.RegionalCouncil, Day(2026, 7, 1)), status: 200);
        await _api.PostAsync($"/api/v1/municipalities/{municipality}/leave", new LeaveMunicipalityMembership(Day(2026, 9, 1), "Budget"), status: 200);
        await _api.PostAsync($"/api/v1/municipalities/{municipality}/leave", new LeaveMunicipalityMembership(Day(2026, 10, 1), "Again"), status: 409);
        await _api.PostAsync($"/api/v1/municipalities/{municipality}/rejoin", new RejoinMunicipality(Day(2026, 11, 1)), status: 200);

        var read = await _api.GetAsync<MunicipalityDetails>($"/api/v1/municipalities/{municipality}", fixture.TokenFor(Roles.Municipality, municipality));
        var timeline = new MunicipalityTimeline(read.Terms, read.Populations, read.Payers);
        timeline.IsMemberOn(Day(2026, 10, 1)).ShouldBeFalse();
        timeline.IsMemberOn(Day(2026, 11, 1)).ShouldBeTrue();
        timeline.PopulationOn(Day(2027, 1, 1)).Population.ShouldBe(32_500);
        timeline.PayerOn(Day(2026, 8, 1)).ShouldBe(LicencePayer.RegionalCouncil);
        await _api.Host.Scenario(s =>
        {
            s.As(fixture.TokenFor(Roles.Municipality, Guid.NewGuid())).Get.Url($"/api/v1/municipalities/{municipality}");
            s.StatusCodeShouldBe(403);
        });
        await _api.PostAsync($"/api/v1/municipalities/{Guid.NewGuid()}/leave", new LeaveMunicipalityMembership(Day(2027, 1, 1), "x"), status: 404);
        await _api.PostAsync("/api/v1/municipalities", new JoinMunicipality(region.Id, "12", "", 0, 1, default, LicencePayer.Municipality), status: 400);
    }
}
