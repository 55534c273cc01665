using System.Text.Json;
using Marten;
using TalentPool.Sync;
using TalentPool.Talents;
using TalentPool.Tests.Infrastructure;
using TalentPool.Tests.Talents;

namespace TalentPool.Tests.Sync;

/// <summary>
/// Other regions' talents who consent to be seen in a region are in that region's shared-base change feed as they are in its
/// search: a partner's mirror equals its live list through the consent, a profile change, its withdrawal, a consent given
/// again, the home consent withdrawn (which ends the consent to other regions) and both given again, and the erasure — while a region never named hears nothing, and no
/// row of the feed is written into a region other than the talent's own.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class OtherRegionsChangeFeedTests(TalentPoolFixture fixture)
{
    // Named regions only on the shared database: a consent to every region would reach the regions of every other test.
    private readonly Installation _installation = new(fixture.Host, fixture.Regions, fixture.TokenFor, id => fixture.RegionSession(id));

    private async Task<Dictionary<Guid, string>> LiveAsync(string token)
    {
        var page = await (await _installation.SendAsync(HttpMethod.Get, "/api/v1/shared-talents?limit=200", token)).ReadAsJsonAsync<JsonElement>();
        page.GetProperty("next").ValueKind.ShouldBe(JsonValueKind.Null);
        return FeedMirror.ById(page.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task A_partners_shared_base_mirror_follows_another_regions_talent_through_its_consents_profile_and_erasure()
    {
        var home = await _installation.RegionAsync();
        var (talent, registration) = await _installation.TalentInAsync(home);
        var named = await _installation.RegionAsync();
        var never = await _installation.RegionAsync();
        var token = _installation.TalentToken(talent);
        var mirror = new FeedMirror("/api/v1/changes/shared-talents", "talent");
        var neverMirror = new FeedMirror("/api/v1/changes/shared-talents", "talent");
        async Task SyncAndCompareAsync(string when, bool seen)
        {
            await mirror.SyncAsync(fixture.Host, named.Partner);
            mirror.ShouldEqual(await LiveAsync(named.Partner));
            mirror.Items.ContainsKey(talent).ShouldBe(seen, when);
            await neverMirror.SyncAsync(fixture.Host, never.Partner);
            neverMirror.Applied.ShouldNotContain(change => change.Id == talent, $"a region never named hears nothing ({when})");
        }

        await SyncAndCompareAsync("before any consent to other regions", seen: false);

        await _installation.ConsentAsync(talent, new GiveOtherRegionsConsent(EveryRegion: false, Regions: [named.Id]));
        await SyncAndCompareAsync("after the consent to the region", seen: true);
        JsonDocument.Parse(mirror.Items[talent]).RootElement.GetProperty("homeRegionId").GetGuid().ShouldBe(home.Id);
        var upsert = mirror.Applied.Last(change => change.Id == talent);
        JsonDocument.Parse(upsert.Page).RootElement.GetProperty("visibleUntil").ValueKind.ShouldBe(JsonValueKind.String);

        await _installation.SendAsync(HttpMethod.Put, $"/api/v1/talents/{talent}/profile", token,
            TalentRequests.ProfileUpdate(registration, 2) with { CompetenceAreas = ["Welding"], About = "Now a welder." });
        await SyncAndCompareAsync("after a profile change", seen: true);
        mirror.Items[talent].ShouldContain("Now a welder.");

        await _installation.SendAsync(HttpMethod.Delete, $"/api/v1/talents/{talent}/other-regions-consent", token);
        await SyncAndCompareAsync("after the consent to other regions was withdrawn", seen: false);

        await _installation.ConsentAsync(talent, new GiveOtherRegionsConsent(EveryRegion: false, Regions: [named.Id]));
        await SyncAndCompareAsync("after the consent was given again", seen: true);

        await _installation.SendAsync(HttpMethod.Delete, $"/api/v1/talents/{talent}/consents/partners", token);
        await SyncAndCompareAsync("after the home consent to partners was withdrawn", seen: false);
        await _installation.SendAsync(HttpMethod.Post, $"/api/v1/talents/{talent}/consents", token, new GiveConsent(ConsentScope.Partners));
        // Withdrawing the talent's last consent to share withdrew the consent to other regions too: given again, both.
        await SyncAndCompareAsync("after the home consent was given again", seen: false);
        await _installation.ConsentAsync(talent, new GiveOtherRegionsConsent(EveryRegion: false, Regions: [named.Id]));
        await SyncAndCompareAsync("after both consents were given again", seen: true);

        // Paged one at a time from the beginning: the same mirror.
        var paged = new FeedMirror("/api/v1/changes/shared-talents", "talent");
        await paged.SyncAsync(fixture.Host, named.Partner, limit: 1);
        paged.ShouldEqual(mirror.Items);

        await _installation.SendAsync(HttpMethod.Post, $"/api/v1/talents/{talent}/erasure", token, status: 204);
        await SyncAndCompareAsync("after the erasure", seen: false);
        mirror.Applied.Last(change => change.Id == talent).Kind.ShouldBe(ChangeKind.Tombstone);

        // The rows live in the talent's own region: none in the region that saw it, none in the one never named.
        foreach (var region in new[] { named.Id, never.Id })
        {
            await using var session = fixture.RegionSession(region);
            (await session.Query<SyncChange>().Where(x => x.ItemId == talent).CountAsync()).ShouldBe(0);
        }
    }
}
