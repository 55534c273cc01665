using System.Text.Json;
using Alba;
using TalentPool.Auth;
using TalentPool.Hosting;
using TalentPool.Partners;
using TalentPool.Talents;
using TalentPool.Tests.Infrastructure;
using TalentPool.Tests.Talents;
using TalentPool.Vacancies;

namespace TalentPool.Tests.Sync;

/// <summary>
/// The service stops right after writes its daemon may not have fed yet, and starts again on the same database: mirrors
/// that go on from the cursors they kept lose nothing and end equal to the live lists.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SyncAcrossRestartTests(TalentPoolFixture fixture)
{
    private static readonly DateOnly Day = new(2026, 3, 1);

    [Fact]
    public async Task Mirrors_resumed_from_their_cursors_after_a_restart_equal_the_live_lists()
    {
        var vacancies = new FeedMirror("/api/v1/changes/vacancies", "vacancy");
        var talents = new FeedMirror("/api/v1/changes/shared-talents", "talent");
        var first = await ClockedTalentPool.StartWithRegionAsync(fixture, DateTimeOffset.UtcNow);
        var region = first.Regions.Latest!.Value;
        var database = first.ConnectionString;
        var partner = await PostAsync(first, "/api/v1/partners",
            new JoinPartner(region, "Restart AS", Api.OrganisationNumber(), 200, false, Day), first.TokenFor(Roles.Admin, regionId: region));
        var number = (await GetAsync(first, $"/api/v1/regions/{region}", first.TokenFor(Roles.Admin, regionId: region)))
            .GetProperty("municipalityNumbers")[0].GetString()!;
        var withdrawing = await RegisterAsync(first, region);
        var erased = await RegisterAsync(first, region);
        for (var i = 0; i < 3; i++) await PostVacancyAsync(first, number, first.TokenFor(Roles.Partner, partner));
        await vacancies.SyncAsync(first.Host, first.TokenFor(Roles.Partner, partner), limit: 2);
        await talents.SyncAsync(first.Host, first.TokenFor(Roles.Partner, partner), limit: 1);
        vacancies.Items.Count.ShouldBe(3);
        talents.Items.Count.ShouldBe(2);

        // Written, then the service stops at once: the daemon may or may not have fed these to the change feed.
        for (var i = 0; i < 2; i++) await PostVacancyAsync(first, number, first.TokenFor(Roles.Partner, partner));
        await first.Host.Scenario(s => s.As(withdrawing.Token).Delete.Url($"/api/v1/talents/{withdrawing.Id}/consents/partners"));
        await first.Host.Scenario(s => { s.As(erased.Token).Post.Json(new { }).ToUrl($"/api/v1/talents/{erased.Id}/erasure"); s.StatusCodeShouldBe(204); });
        var joining = await RegisterAsync(first, region);
        await first.DisposeAsync();

        await using var second = await ClockedTalentPool.StartAsync(fixture, DateTimeOffset.UtcNow, database);
        var token = second.TokenFor(Roles.Partner, partner);
        await PostVacancyAsync(second, number, token);
        await vacancies.SyncAsync(second.Host, token, limit: 2);
        await talents.SyncAsync(second.Host, token, limit: 1);

        var liveVacancies = await GetAsync(second, "/api/v1/vacancies?limit=200", token);
        vacancies.ShouldEqual(FeedMirror.ById(liveVacancies.GetProperty("items").EnumerateArray()));
        vacancies.Items.Count.ShouldBe(6);
        var liveTalents = await GetAsync(second, "/api/v1/shared-talents?limit=200", token);
        talents.ShouldEqual(FeedMirror.ById(liveTalents.GetProperty("items").EnumerateArray()));
        talents.Items.Keys.ShouldBe([joining.Id]);
        // Each change read once: the cursor resumed exactly where the first service's last page ended.
        vacancies.Applied.Select(c => c.Id).Distinct().Count().ShouldBe(vacancies.Applied.Count);
    }

    private static async Task<(Guid Id, string Token)> RegisterAsync(ClockedTalentPool pool, Guid region)
    {
        var result = await pool.Host.Scenario(s =>
        {
            s.Post.Json(TalentRequests.Registration()).ToUrl("/api/v1/talents");
            s.WithRequestHeader(RegionTenancy.HeaderName, region.ToString());
            s.StatusCodeShouldBe(201);
        });
        var body = await result.ReadAsJsonAsync<JsonElement>();
        return (body.GetProperty("id").GetGuid(), body.GetProperty("accessToken").GetString()!);
    }

    private static Task<Guid> PostVacancyAsync(ClockedTalentPool pool, string number, string token) =>
        PostAsync(pool, "/api/v1/vacancies", new PostVacancy(new VacancyDetails(
            "Welder", "Welds.", "Welding", number, 1, DateOnly.FromDateTime(DateTime.UtcNow).AddMonths(2), ["en"])), token);

    private static async Task<Guid> PostAsync(ClockedTalentPool pool, string url, object body, string token)
    {
        var result = await pool.Host.Scenario(s =>
        {
            s.As(token).Post.Json(body).ToUrl(url);
            s.StatusCodeShouldBe(201);
        });
        return (await result.ReadAsJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static async Task<JsonElement> GetAsync(ClockedTalentPool pool, string url, string token)
    {
        var result = await pool.Host.Scenario(s => s.As(token).Get.Url(url));
        return await result.ReadAsJsonAsync<JsonElement>();
    }
}
