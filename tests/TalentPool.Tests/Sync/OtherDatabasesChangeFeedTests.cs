using System.Text.Json;
using TalentPool.Sync;
using TalentPool.Talents;
using TalentPool.Tests.Infrastructure;
using TalentPool.Tests.Regions.Tenancy;
using TalentPool.Tests.Talents;

namespace TalentPool.Tests.Sync;

/// <summary>
/// The shared-talents change feed when regions live in several databases: a member's mirror holds the consenting talents of
/// other regions whatever database their home region is on — each way — and equals the live list through consents, a profile
/// change, a withdrawal and an erasure, paged one at a time, and resumed from its cursor after the service restarted.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class OtherDatabasesChangeFeedTests(TalentPoolFixture fixture)
{
    private static readonly DateTimeOffset Start = new(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);
    private const string Feed = "/api/v1/changes/shared-talents";

    private static async Task<Dictionary<Guid, string>> LiveAsync(Installation installation, string token)
    {
        var page = await (await installation.SendAsync(HttpMethod.Get, "/api/v1/shared-talents?limit=200", token)).ReadAsJsonAsync<JsonElement>();
        page.GetProperty("next").ValueKind.ShouldBe(JsonValueKind.Null);
        return FeedMirror.ById(page.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task A_mirror_follows_other_databases_consenting_talents_each_way_and_equals_the_live_list_across_a_restart()
    {
        var shared = await fixture.Postgres.CreateDatabaseAsync("feed_regiondb_shared");
        var own = await fixture.Postgres.CreateDatabaseAsync("feed_regiondb_own");
        RegionWithMembers far;
        await using (var before = await ClockedTalentPool.StartAsync(fixture, Start, shared))
        {
            far = await new Installation(before.Host, before.Regions, before.TokenFor, id => before.RegionSession(id)).RegionAsync();
        }
        await RegionDatabaseConsentTests.MoveAsync(shared, own, far.Id);
        var databases = new Dictionary<Guid, string> { [far.Id] = own };
        var pool = await ClockedTalentPool.StartAsync(fixture, Start, shared, databases);
        var installation = new Installation(pool.Host, pool.Regions, pool.TokenFor, id => pool.RegionSession(id));
        var reader = await installation.RegionAsync();
        var neighbour = await installation.RegionAsync();
        far = far with { Partner = pool.TokenFor(TalentPool.Auth.Roles.Partner, far.PartnerId, far.Id) };

        var (ownTalent, _) = await installation.TalentInAsync(reader);
        var (farTalent, farRegistration) = await installation.TalentInAsync(far);
        var (nearTalent, _) = await installation.TalentInAsync(neighbour);
        var (readersTalent, _) = await installation.TalentInAsync(reader);

        var mirror = new FeedMirror(Feed, "talent");
        var farMirror = new FeedMirror(Feed, "talent");
        async Task SyncAndCompareBothAsync()
        {
            await mirror.SyncAsync(pool.Host, reader.Partner);
            mirror.ShouldEqual(await LiveAsync(installation, reader.Partner));
            await farMirror.SyncAsync(pool.Host, far.Partner);
            farMirror.ShouldEqual(await LiveAsync(installation, far.Partner));
        }

        await SyncAndCompareBothAsync(); // before any consent
        mirror.Items.Keys.ShouldBe([ownTalent, readersTalent], ignoreOrder: true);

        // Consents across the databases, each way, and one within the shared database.
        await installation.ConsentAsync(farTalent, new GiveOtherRegionsConsent(false, [reader.Id]));
        await installation.ConsentAsync(nearTalent, new GiveOtherRegionsConsent(false, [reader.Id]));
        await installation.ConsentAsync(readersTalent, new GiveOtherRegionsConsent(false, [far.Id]));
        await SyncAndCompareBothAsync(); // after the consents
        mirror.Items.Keys.ShouldBe([ownTalent, readersTalent, farTalent, nearTalent], ignoreOrder: true);
        JsonDocument.Parse(mirror.Items[farTalent]).RootElement.GetProperty("homeRegionId").GetGuid().ShouldBe(far.Id);
        farMirror.Items.Keys.ShouldContain(readersTalent);

        await installation.SendAsync(HttpMethod.Put, $"/api/v1/talents/{farTalent}/profile", installation.TalentToken(farTalent),
            TalentRequests.ProfileUpdate(farRegistration, 2) with { About = "Moved on to welding." });
        await installation.SendAsync(HttpMethod.Delete, $"/api/v1/talents/{nearTalent}/other-regions-consent", installation.TalentToken(nearTalent));
        await SyncAndCompareBothAsync(); // after a profile change and a withdrawal
        mirror.Items[farTalent].ShouldContain("Moved on to welding.");
        mirror.Items.Keys.ShouldNotContain(nearTalent);

        // Paged one at a time from the beginning: the same mirror (each database's part in its own order).
        var paged = new FeedMirror(Feed, "talent");
        await paged.SyncAsync(pool.Host, reader.Partner, limit: 1);
        paged.ShouldEqual(mirror.Items);
        // Four rows (three in the reader's database: its two talents and the withdrawn neighbour's tombstone; the far talent's in
        // its own database), one a page, each once.
        paged.Applied.Select(change => change.Id).ShouldBe([ownTalent, readersTalent, nearTalent, farTalent], ignoreOrder: true);
        paged.Pages.ShouldBeGreaterThanOrEqualTo(4);

        // Written, then the service stops at once: an erasure on the region's own database, a new consent on the shared one.
        await installation.SendAsync(HttpMethod.Post, $"/api/v1/talents/{farTalent}/erasure", installation.TalentToken(farTalent), status: 204);
        var (lateTalent, _) = await installation.TalentInAsync(far);
        await installation.ConsentAsync(lateTalent, new GiveOtherRegionsConsent(true));
        await pool.DisposeAsync();

        await using var restarted = await ClockedTalentPool.StartAsync(fixture, Start, shared, databases);
        var again = new Installation(restarted.Host, restarted.Regions, restarted.TokenFor, id => restarted.RegionSession(id));
        var partner = restarted.TokenFor(TalentPool.Auth.Roles.Partner, reader.PartnerId, reader.Id);
        var resumed = new FeedMirror(Feed, "talent") { Cursor = mirror.Cursor };
        foreach (var item in mirror.Items) resumed.Items[item.Key] = item.Value;
        await resumed.SyncAsync(restarted.Host, partner);
        resumed.ShouldEqual(await LiveAsync(again, partner));
        resumed.Items.Keys.ShouldBe([ownTalent, readersTalent, lateTalent], ignoreOrder: true);
        resumed.Applied.Count(change => change.Id == farTalent).ShouldBe(1, "the erasure, once");
        resumed.Applied.Count(change => change.Id == lateTalent).ShouldBe(1);
    }
}
