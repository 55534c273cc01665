using Alba;
using TalentPool.Auth;
using TalentPool.Regions;
using TalentPool.Tests.Infrastructure;

namespace TalentPool.Tests.Regions;

/// <summary>Counties and regions as a client discovers them, and a county's municipalities recorded after a reorganisation.</summary>
[Collection(PostgresCollection.Name)]
public sealed class CountyAndRegionEndpointsTests(TalentPoolFixture fixture)
{
    private readonly Api _api = new(fixture);

    [Fact]
    public async Task A_county_reads_back_with_its_country_and_municipalities_for_any_signed_in_caller()
    {
        var (hamar, loten) = (Api.UniqueNumber(), Api.UniqueNumber());
        var countyId = await _api.PostAsync("/api/v1/counties", new RegisterCounty(" Innlandet ", "no", [hamar, loten, hamar]));

        var county = await _api.GetAsync<CountyDetails>($"/api/v1/counties/{countyId}", fixture.TokenFor(Roles.Talent, Guid.NewGuid()));

        (county.Name, county.Country, county.Version).ShouldBe(("Innlandet", "NO", 1));
        county.Municipalities.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            list => list.From.ShouldBeNull(),
            list => list.Numbers.ShouldBe([hamar, loten]));
        await _api.Host.Scenario(s => { s.As(_api.Admin).Get.Url($"/api/v1/counties/{Guid.NewGuid()}"); s.StatusCodeShouldBe(404); });
    }

    [Fact]
    public async Task A_county_without_its_country_or_municipalities_is_a_400_naming_them()
    {
        var result = await _api.Host.Scenario(s =>
        {
            s.As(_api.Admin).Post.Json(new RegisterCounty("Innlandet", "Norway", [])).ToUrl("/api/v1/counties");
            s.StatusCodeShouldBe(400);
        });

        (await result.ReadValidationProblemAsync()).Errors.Keys.ShouldBe(["country", "municipalityNumbers"], ignoreOrder: true);
    }

    [Fact]
    public async Task Counties_of_a_country_page_in_registration_order_by_a_stable_cursor()
    {
        // Iceland: a country no other test registers counties in.
        var ids = new List<Guid>();
        foreach (var name in new[] { "Höfuðborgarsvæðið", "Suðurnes", "Vesturland" })
        {
            ids.Add(await _api.PostAsync("/api/v1/counties", new RegisterCounty(name, "IS", [Api.UniqueNumber()])));
        }

        var first = await _api.GetAsync<CountyPage>("/api/v1/counties?country=is&limit=2");
        var second = await _api.GetAsync<CountyPage>($"/api/v1/counties?country=IS&limit=2&after={first.Next}");

        first.Items.Select(c => c.Id).ShouldBe(ids[..2]);
        second.Items.Select(c => c.Id).ShouldBe(ids[2..]);
        second.Next.ShouldBeNull();
    }

    [Fact]
    public async Task A_countys_regions_are_listed_in_registration_order_and_page_by_a_stable_cursor()
    {
        var numbers = Enumerable.Range(0, 3).Select(_ => Api.UniqueNumber()).ToArray();
        var county = await _api.CountyAsync(numbers);
        var regions = new List<RegionDetails>();
        foreach (var number in numbers) regions.Add(await _api.RegionOfCountyAsync(county, number));

        var first = await _api.GetAsync<RegionPage>($"/api/v1/regions?countyId={county}&limit=2");
        var second = await _api.GetAsync<RegionPage>($"/api/v1/regions?countyId={county}&limit=2&after={first.Next}");
        var all = await _api.GetAsync<RegionPage>($"/api/v1/regions?countyId={county}&country=NO");
        // Regions are tenants: a token of a region lists its own region only.
        (await _api.GetAsync<RegionPage>($"/api/v1/regions?countyId={county}", fixture.TokenFor(Roles.Recruiter, regionId: regions[1].Id)))
            .Items.Select(r => r.Id).ShouldBe([regions[1].Id]);

        first.Items.Select(r => r.Id).ShouldBe(regions.Take(2).Select(r => r.Id));
        second.Items.Select(r => r.Id).ShouldBe([regions[2].Id]);
        second.Next.ShouldBeNull();
        all.Items.Count.ShouldBe(3);
        (await _api.GetAsync<RegionPage>($"/api/v1/regions?countyId={county}&country=SE")).Items.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_reorganised_countys_municipalities_are_recorded_from_a_date_and_may_not_drop_a_regions_municipality()
    {
        var (hamar, loten, gjovik) = (Api.UniqueNumber(), Api.UniqueNumber(), Api.UniqueNumber());
        var countyId = await _api.CountyAsync(hamar, loten);
        var region = await _api.RegionOfCountyAsync(countyId, hamar);
        var reorganisation = new DateOnly(2027, 1, 1);

        var recorded = await _api.Host.Scenario(s =>
            s.As(_api.Admin).Post.Json(new RecordCountyMunicipalities("NO", [hamar, loten, gjovik], reorganisation)).ToUrl($"/api/v1/counties/{countyId}/municipalities"));
        var refused = await _api.Host.Scenario(s =>
        {
            s.As(_api.Admin).Post.Json(new RecordCountyMunicipalities("NO", [loten, gjovik], new DateOnly(2028, 1, 1))).ToUrl($"/api/v1/counties/{countyId}/municipalities");
            s.StatusCodeShouldBe(409);
        });

        var answered = (await recorded.ReadAsJsonAsync<CountyDetails>()).ShouldNotBeNull();
        MunicipalitiesOn(answered, reorganisation).ShouldBe([hamar, loten, gjovik]);
        (await refused.ReadProblemAsync()).Detail!.ShouldContain($"Region {region.Name} ({region.Id}) groups municipality {hamar}");
        var county = await _api.GetAsync<CountyDetails>($"/api/v1/counties/{countyId}");
        county.Version.ShouldBe(2);
        MunicipalitiesOn(county, reorganisation.AddDays(-1)).ShouldBe([hamar, loten]);
        MunicipalitiesOn(county, new DateOnly(2028, 6, 1)).ShouldBe([hamar, loten, gjovik]);
    }

    private static IReadOnlyList<string> MunicipalitiesOn(CountyDetails county, DateOnly day) =>
        county.Municipalities.LastOrDefault(list => list.From is null || list.From <= day)?.Numbers ?? [];
}
