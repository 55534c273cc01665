using System.Net;
using System.Net.Http.Json;
using Marten;
using TalentPool.Hosting;
using TalentPool.Partners;
using TalentPool.Regions;
using TalentPool.Tests.Infrastructure;

namespace TalentPool.Tests.Partners;

/// <summary>The same company (organisation number 556125-6063, however it is written) joins a region once.</summary>
[Collection(PostgresCollection.Name)]
public sealed class OneCompanyPerRegionTests(TalentPoolFixture fixture)
{
    private readonly Api _api = new(fixture);
    private static readonly DateOnly January = new(2026, 1, 1);

    private static JoinPartner Join(Guid region, string organisationNumber) =>
        new(region, "Arvika Gjuteri AB", organisationNumber, 120, false, January);

    [Fact]
    public async Task A_company_that_joined_a_region_is_told_to_rejoin_when_it_joins_again_however_its_number_is_written()
    {
        var region = await _api.RegionAsync();
        var first = await _api.PostAsync("/api/v1/partners", Join(region.Id, "556125-6063"));

        foreach (var written in new[] { "5561256063", "556125 6063" })
        {
            var result = await _api.Host.Scenario(s =>
            {
                s.As(_api.Admin).Post.Json(Join(region.Id, written)).ToUrl("/api/v1/partners");
                s.StatusCodeShouldBe(409);
            });
            (await result.ReadProblemAsync()).Detail!.ShouldContain($"rejoins instead (POST /api/v1/partners/{first}/rejoin)");
        }

        (await PartnersOf(region.Id)).ShouldBe(1);
        var elsewhere = await _api.RegionAsync();
        await _api.PostAsync("/api/v1/partners", Join(elsewhere.Id, "556125-6063"));
    }

    [Fact]
    public async Task Eight_racing_joins_of_one_company_record_one_partner_and_answer_the_others_409()
    {
        var region = await _api.RegionAsync();
        using var client = _api.Host.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", _api.Admin);
        string[] written = ["556125-6063", "5561256063", "556125 6063", " 556125-6063 "];

        var responses = await Task.WhenAll(Enumerable.Range(0, 8)
            .Select(i => client.PostAsJsonAsync("/api/v1/partners", Join(region.Id, written[i % written.Length]), Json.Options)));

        responses.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(1);
        responses.Count(r => r.StatusCode == HttpStatusCode.Conflict).ShouldBe(7);
        (await PartnersOf(region.Id)).ShouldBe(1);
        await using var session = fixture.RegionSession();
        var joined = await session.Events.QueryAllRawEvents().Where(e => e.EventTypeName == "partner_joined.v1").ToListAsync();
        joined.Count(e => ((PartnerJoined)e.Data).RegionId == region.Id).ShouldBe(1);
    }

    [Fact]
    public async Task The_database_refuses_a_second_partner_with_the_same_number_in_a_region_even_when_no_check_ran_before()
    {
        var region = Guid.NewGuid();
        await using var session = fixture.RegionWriteSession();
        foreach (var written in new[] { "556125-6063", "5561256063" })
        {
            var id = Guid.NewGuid();
            session.Events.StartStream<Partner>(id, new PartnerJoined(id, region, "Arvika Gjuteri AB", written, 120, PartnerTier.Standard, January, null));
        }

        var refused = await Should.ThrowAsync<Exception>(() => session.SaveChangesAsync());

        ConflictExceptionHandler.ConflictDetail(refused)
            .ShouldBe("A partner with this organisation number is registered in this region already; a former member rejoins instead.");
        (await PartnersOf(region)).ShouldBe(0);
    }

    private async Task<int> PartnersOf(Guid region)
    {
        await using var session = fixture.RegionSession();
        return await session.Query<Partner>().CountAsync(p => p.RegionId == region);
    }
}
