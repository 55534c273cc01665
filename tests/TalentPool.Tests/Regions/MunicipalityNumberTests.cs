using System.Net;
using System.Net.Http.Json;
using Alba;
using Microsoft.AspNetCore.Mvc;
using TalentPool.Municipalities;
using TalentPool.Regions;
using TalentPool.Tests.Infrastructure;

namespace TalentPool.Tests.Regions;

/// <summary>A municipality is its country and number: a number belongs to one region per country, and repeats across countries.</summary>
[Collection(PostgresCollection.Name)]
public sealed class MunicipalityNumberTests(TalentPoolFixture fixture)
{
    private readonly Api _api = new(fixture);
    private static readonly DateOnly NewYear = new(2026, 1, 1);

    private static RegisterRegion Registration(Guid county, params string[] numbers) =>
        new($"Region {Guid.NewGuid():N}"[..20], county, "NO", "NOK", numbers, null, null, null);

    private Task<RegionPage> RegionsOf(Guid county) => _api.GetAsync<RegionPage>($"/api/v1/regions?countyId={county}");

    [Fact]
    public async Task A_region_that_lists_a_number_another_region_has_is_refused_with_409_naming_the_number_and_that_region()
    {
        var (a, b, c) = (Api.UniqueNumber(), Api.UniqueNumber(), Api.UniqueNumber());
        var county = await _api.CountyAsync(a, b, c);
        var first = await _api.RegionOfCountyAsync(county, a, b);

        var result = await _api.Host.Scenario(s =>
        {
            s.As(_api.Admin).Post.Json(Registration(county, c, b)).ToUrl("/api/v1/regions");
            s.StatusCodeShouldBe(409);
        });

        var problem = await result.ReadProblemAsync();
        problem.Detail.ShouldBe($"Municipality {b} in NO belongs to region {first.Name} ({first.Id}) already.");
        (await RegionsOf(county)).Items.ShouldHaveSingleItem().Id.ShouldBe(first.Id);
        // The refused registration claimed nothing: its other number is free.
        (await _api.RegionOfCountyAsync(county, c)).MunicipalityNumbers.ShouldBe([c]);
    }

    [Fact]
    public async Task Of_regions_registered_at_once_claiming_one_number_one_is_registered_and_the_others_are_refused()
    {
        var shared = Api.UniqueNumber();
        var own = Enumerable.Range(0, 4).Select(_ => Api.UniqueNumber()).ToArray();
        var county = await _api.CountyAsync([shared, .. own]);

        using var client = _api.Host.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", _api.Admin);
        var racing = await Task.WhenAll(own.Select(number =>
            client.PostAsync("/api/v1/regions", JsonContent.Create(Registration(county, number, shared), options: Json.Options))));

        racing.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(1);
        racing.Count(r => r.StatusCode == HttpStatusCode.Conflict).ShouldBe(3);
        foreach (var refused in racing.Where(r => r.StatusCode == HttpStatusCode.Conflict))
        {
            // Refused before writing (the winner had committed) or by the database at commit (the claims raced).
            (await refused.Content.ReadFromJsonAsync<ProblemDetails>(Json.Options))!.Detail.ShouldBeOneOf(
                $"Municipality {shared} in NO belongs to region {(await RegionsOf(county)).Items.Single().Name} ({(await RegionsOf(county)).Items.Single().Id}) already.",
                "Another region claimed one of these municipality numbers at the same moment; read the country's regions and register again.");
        }
        var registered = (await RegionsOf(county)).Items.ShouldHaveSingleItem();
        registered.MunicipalityNumbers.ShouldContain(shared);
        // The refused ones appended nothing, their claims included: their own numbers are still free.
        foreach (var number in own.Except(registered.MunicipalityNumbers)) await _api.RegionOfCountyAsync(county, number);
    }

    [Fact]
    public async Task Vestvagoy_1860_in_Norway_and_Laxa_1860_in_Sweden_both_register_their_regions_and_both_join()
    {
        var nordland = await _api.PostAsync("/api/v1/counties", new RegisterCounty("Nordland", "NO", ["1860", "1865"]));
        var orebro = await _api.PostAsync("/api/v1/counties", new RegisterCounty("Örebro län", "SE", ["1860", "1880"]));
        var lofoten = await _api.PostAsync("/api/v1/regions", new RegisterRegion("Lofoten", nordland, "NO", "NOK", ["1860"], null, null, null));
        var bergslagen = await _api.PostAsync("/api/v1/regions", new RegisterRegion("Bergslagen", orebro, "SE", "SEK", ["1860"], null, null,
            PriceList.Defaults(new DateOnly(2000, 1, 1)) with { Currency = "SEK" }));

        var vestvagoy = await _api.PostAsync("/api/v1/municipalities",
            new JoinMunicipality(lofoten, "1860", "Vestvågøy", 11_500, 2025, NewYear, LicencePayer.Municipality));
        var laxa = await _api.PostAsync("/api/v1/municipalities",
            new JoinMunicipality(bergslagen, "1860", "Laxå", 5_500, 2025, NewYear, LicencePayer.Municipality));

        var norwegian = await _api.GetAsync<MunicipalityDetails>($"/api/v1/municipalities/{vestvagoy}");
        var swedish = await _api.GetAsync<MunicipalityDetails>($"/api/v1/municipalities/{laxa}");
        (norwegian.Number, norwegian.Name, norwegian.RegionId).ShouldBe(("1860", "Vestvågøy", lofoten));
        (swedish.Number, swedish.Name, swedish.RegionId).ShouldBe(("1860", "Laxå", bergslagen));
        // Within a country the number is still one municipality.
        await _api.PostAsync("/api/v1/municipalities",
            new JoinMunicipality(lofoten, "1860", "Vestvågøy again", 11_500, 2025, NewYear, LicencePayer.Municipality), status: 409);
    }

    [Fact]
    public async Task A_region_of_municipalities_outside_its_county_or_in_another_country_is_refused()
    {
        var (inside, outside) = (Api.UniqueNumber(), Api.UniqueNumber());
        var county = await _api.CountyAsync(inside);

        var notInCounty = await _api.Host.Scenario(s =>
        {
            s.As(_api.Admin).Post.Json(Registration(county, inside, outside)).ToUrl("/api/v1/regions");
            s.StatusCodeShouldBe(409);
        });
        var otherCountry = await _api.Host.Scenario(s =>
        {
            s.As(_api.Admin).Post.Json(Registration(county, inside) with
            {
                Country = "SE", Currency = "SEK", PriceList = PriceList.Defaults(NewYear) with { Currency = "SEK" },
            }).ToUrl("/api/v1/regions");
            s.StatusCodeShouldBe(409);
        });

        (await notInCounty.ReadProblemAsync()).Detail!.ShouldContain($"Municipality {outside} is not in county");
        (await otherCountry.ReadProblemAsync()).Detail!.ShouldContain("is in NO, not SE");
        (await RegionsOf(county)).Items.ShouldBeEmpty();
    }
}
