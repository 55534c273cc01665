using System.Net;
using Marten;
using TalentPool.Municipalities;
using TalentPool.Partners;
using TalentPool.Regions;
using TalentPool.Tests.Infrastructure;

namespace TalentPool.Tests.Billing;

/// <summary>
/// A member that cannot be priced is refused when it joins, so a read never refuses: a GET of statements answers 200
/// for every month, even for a member stored before joins were refused.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class StatementsNeverRefuseTests(TalentPoolFixture fixture)
{
    private readonly Api _api = new(fixture);
    private static readonly DateOnly June = new(2026, 6, 1), January = new(2027, 1, 1);

    [Fact]
    public async Task Given_a_region_whose_only_price_list_starts_in_January_Joining_in_June_is_refused_and_every_statement_answers_200()
    {
        var (first, second) = (Api.UniqueNumber(), Api.UniqueNumber());
        var county = await _api.PostAsync("/api/v1/counties", new RegisterCounty("Värmland", "SE", [first, second]));
        var region = await _api.PostAsync("/api/v1/regions", new RegisterRegion("Östra Värmland", county, "SE", "SEK", [first, second], null, null,
            PriceList.Defaults(January) with { Currency = "SEK" }));

        var refused = await _api.Host.Scenario(s =>
        {
            s.As(_api.Admin).Post.Json(new JoinMunicipality(region, first, "Storfors", 4_000, 2025, June, LicencePayer.Municipality)).ToUrl("/api/v1/municipalities");
            s.StatusCodeShouldBe(409);
        });
        (await refused.ReadProblemAsync()).Detail.ShouldBe("Region Östra Värmland has no price list in force on 2026-06-01 (its first is in force from 2027-01-01).");
        await _api.PostAsync("/api/v1/partners", new JoinPartner(region, "Arvika Gjuteri AB", Api.OrganisationNumber(), 120, false, June), status: 409);
        await using (var query = fixture.RegionSession())
        {
            (await query.Query<Municipality>().CountAsync(m => m.RegionId == region)).ShouldBe(0);
            (await query.Query<Partner>().CountAsync(p => p.RegionId == region)).ShouldBe(0);
        }

        var partner = await _api.PostAsync("/api/v1/partners", new JoinPartner(region, "Arvika Gjuteri AB", Api.OrganisationNumber(), 120, false, January));
        await _api.PostAsync("/api/v1/municipalities", new JoinMunicipality(region, first, "Storfors", 4_000, 2025, January, LicencePayer.Municipality));
        var legacy = await StoreLegacyMemberAsync(region, second);

        foreach (var month in new[] { "2026-06", "2026-12", "2027-01" })
        {
            await OkAsync($"/api/v1/regions/{region}/statements/{month}");
            await OkAsync($"/api/v1/partners/{partner}/statements/{month}");
            await OkAsync($"/api/v1/municipalities/{legacy}/statements/{month}");
        }
    }

    /// <summary>A municipality that joined in June, stored before such joins were refused: its events appended directly.</summary>
    private async Task<Guid> StoreLegacyMemberAsync(Guid region, string number)
    {
        var id = Guid.NewGuid();
        await using var session = fixture.RegionWriteSession();
        session.Events.StartStream<Municipality>(id, new MunicipalityJoined(id, number, "Filipstad", region, 10_000, 2025, June, LicencePayer.Municipality));
        await session.SaveChangesAsync();
        return id;
    }

    private async Task OkAsync(string url) => await _api.Host.Scenario(s =>
    {
        s.As(_api.Admin).Get.Url(url);
        s.StatusCodeShouldBe(HttpStatusCode.OK);
    });
}
