using Alba;
using TalentPool.Common;
using TalentPool.Hires;
using TalentPool.Municipalities;
using TalentPool.Partners;
using TalentPool.Regions;
using TalentPool.Talents;
using TalentPool.Tests.Infrastructure;

namespace TalentPool.Tests.ReadModels;

/// <summary>A write answers with the resource's read model as it now is: byte for byte what its GET answers next.</summary>
[Collection(PostgresCollection.Name)]
public sealed class OneShapePerResourceTests(TalentPoolFixture fixture)
{
    private readonly Api _api = new(fixture);
    private static DateOnly Day(int year, int month, int day) => new(year, month, day);

    private async Task ShouldAnswerAsItsGetAsync(string writeUrl, object body, string readUrl)
    {
        var written = await _api.Host.Scenario(s => { s.As(_api.Admin).Post.Json(body).ToUrl(writeUrl); s.StatusCodeShouldBe(200); });
        var read = await _api.Host.Scenario(s => s.As(_api.Admin).Get.Url(readUrl));
        (await written.ReadAsTextAsync()).ShouldBe(await read.ReadAsTextAsync());
    }

    [Fact]
    public async Task A_partners_tier_change_answers_with_the_partner_as_its_GET_reads_it_membership_as_of_today_included()
    {
        var region = await _api.RegionAsync();
        var partner = await _api.PartnerAsync(region.Id, Day(2026, 1, 1), employees: 30);

        await ShouldAnswerAsItsGetAsync(
            $"/api/v1/partners/{partner}/tier", new ChangePartnerTier(false, 80, Day(2026, 3, 1)), $"/api/v1/partners/{partner}");

        var details = await _api.GetAsync<PartnerDetails>($"/api/v1/partners/{partner}");
        (details.IsMember, details.CurrentTier, details.Version).ShouldBe((true, PartnerTier.Standard, 2));
    }

    [Fact]
    public async Task A_municipalitys_population_update_answers_with_the_municipality_as_its_GET_reads_it()
    {
        var region = await _api.RegionAsync();
        var municipality = await _api.MunicipalityAsync(region.Id, region.MunicipalityNumbers[0], 10_000, Day(2026, 1, 1));

        await ShouldAnswerAsItsGetAsync(
            $"/api/v1/municipalities/{municipality}/population", new UpdatePopulation(10_500, 2026, Day(2026, 6, 1)),
            $"/api/v1/municipalities/{municipality}");

        var details = await _api.GetAsync<MunicipalityDetails>($"/api/v1/municipalities/{municipality}");
        (details.IsMember, details.Population, details.PaidBy).ShouldBe((true, 10_500, LicencePayer.Municipality));
    }

    [Fact]
    public async Task A_regions_consent_validity_answers_with_the_region_as_its_GET_and_its_list_read_it()
    {
        var region = await _api.RegionAsync();

        await ShouldAnswerAsItsGetAsync(
            $"/api/v1/regions/{region.Id}/consent-validity", new ChangeConsentValidity(12), $"/api/v1/regions/{region.Id}");

        var listed = await _api.GetAsync<RegionPage>($"/api/v1/regions?countyId={region.CountyId}");
        var read = await _api.GetAsync<RegionDetails>($"/api/v1/regions/{region.Id}");
        listed.Items.ShouldHaveSingleItem().ConsentValidityMonths.ShouldBe(12);
        read.ConsentValidityMonths.ShouldBe(12);
    }

    [Fact]
    public async Task A_hires_end_answers_with_the_hire_as_its_GET_reads_it()
    {
        var region = await _api.RegionAsync();
        var partner = await _api.PartnerAsync(region.Id, Day(2026, 1, 1));
        var hire = await _api.HireAsync(await _api.TalentAsync(), partner, Day(2026, 2, 1));

        await ShouldAnswerAsItsGetAsync($"/api/v1/hires/{hire}/end", new EndEmployment(Day(2026, 9, 1), true, "Moved on"), $"/api/v1/hires/{hire}");

        (await _api.GetAsync<HireDetails>($"/api/v1/hires/{hire}")).Status.ShouldBe(HireStatus.Ended);
    }

    [Fact]
    public async Task A_talents_consent_answers_with_the_profile_as_its_GET_reads_it()
    {
        var talent = await _api.TalentAsync();

        await ShouldAnswerAsItsGetAsync($"/api/v1/talents/{talent}/consents", new GiveConsent(ConsentScope.Municipalities), $"/api/v1/talents/{talent}");

        (await _api.GetAsync<TalentProfileView>($"/api/v1/talents/{talent}")).Consents.IsGiven(ConsentScope.Municipalities).ShouldBeTrue();
    }
}
