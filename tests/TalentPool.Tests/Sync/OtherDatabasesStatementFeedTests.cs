using System.Text.Json;
using Alba;
using Marten;
using TalentPool.Auth;
using TalentPool.Billing;
using TalentPool.Common;
using TalentPool.Municipalities;
using TalentPool.Sync;
using TalentPool.Tests.Infrastructure;
using static TalentPool.Tests.Sync.StatementChangeFeedTests;

namespace TalentPool.Tests.Sync;

/// <summary>
/// The statements feed when the regions of one county live in two databases: a county's licence rate counts every municipality
/// of the county whichever region and database it joined, so a municipality joining or leaving a region on one database changes
/// the statements of the regions on the other — and their feeds say so (<see cref="CountyRateRelay"/>), each way, across a restart.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class OtherDatabasesStatementFeedTests(TalentPoolFixture fixture)
{
    private static readonly DateTimeOffset Start = new(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);
    private static readonly BillingMonth Current = new(2026, 1);
    private static DateOnly Day(int year, int month, int day) => new(year, month, day);

    [Fact]
    public async Task Mirrors_of_regions_of_one_county_on_two_databases_equal_the_live_statements_as_municipalities_join_and_leave_on_the_other_across_a_restart()
    {
        // One county of three municipalities: x and z in region A (the shared database), y in region B (a database of its own).
        var (x, y, z) = (Api.UniqueNumber(), Api.UniqueNumber(), Api.UniqueNumber());
        var shared = await fixture.Postgres.CreateDatabaseAsync("statements_regiondb_shared");
        var own = await fixture.Postgres.CreateDatabaseAsync("statements_regiondb_own");
        var regionB = Guid.CreateVersion7();
        var county = await RegionDatabaseStores.RegisterRegionAsync(shared, own, regionB, [y], countyNumbers: [x, y, z]);
        var databases = new Dictionary<Guid, string> { [regionB] = own };

        var pool = await ClockedTalentPool.StartAsync(fixture, Start, shared, databases);
        var regionA = await PostAsync(pool.Host, "/api/v1/regions",
            new TalentPool.Regions.RegisterRegion("Region A", county, "NO", "NOK", [x, z]), pool.TokenFor(Roles.Admin));
        var (adminA, adminB) = (pool.TokenFor(Roles.Admin, regionId: regionA), pool.TokenFor(Roles.Admin, regionId: regionB));
        Task<Guid> JoinAsync(Guid region, string number, DateOnly on, string token) => PostAsync(pool.Host, "/api/v1/municipalities",
            new JoinMunicipality(region, number, $"Kommune {number}", 10_000, 2025, on, LicencePayer.Municipality), token);
        Task LeaveAsync(Guid municipality, DateOnly on, string token) => PostAsync(pool.Host, $"/api/v1/municipalities/{municipality}/leave",
            new LeaveMunicipalityMembership(on, "Budget"), token, status: 200);

        var inA = await JoinAsync(regionA, x, Day(2025, 1, 1), adminA);
        (await pool.BeginMonthAsync()).ShouldBe([regionA, regionB], ignoreOrder: true);
        var mirrorA = new StatementMirror(adminA);
        var mirrorB = new StatementMirror(adminB);
        async Task SyncAndCompareBothAsync(string when)
        {
            await mirrorA.SyncAsync(pool.Host);
            mirrorA.CoveredThrough.ShouldBe(Current);
            mirrorA.ShouldEqual(await LiveRegionAsync(pool.Host, regionA, adminA, Current), $"region A's mirror {when}");
            await mirrorB.SyncAsync(pool.Host);
            mirrorB.CoveredThrough.ShouldBe(Current);
            mirrorB.ShouldEqual(await LiveRegionAsync(pool.Host, regionB, adminB, Current), $"region B's mirror {when}");
        }
        await SyncAndCompareBothAsync("at the start");

        var inB = await JoinAsync(regionB, y, Day(2025, 9, 1), adminB);
        await SyncAndCompareBothAsync("after B's municipality joined on its own database (z is missing: no county rate yet)");
        var octoberInB = mirrorB.Items[$"{inB}/2025-10"];

        // z joins region A on the shared database: the whole county takes part from October, B's licence changes.
        var lastInA = await JoinAsync(regionA, z, Day(2025, 10, 1), adminA);
        await SyncAndCompareBothAsync("after the county's last municipality joined on the other database");
        mirrorB.Items[$"{inB}/2025-10"].ShouldNotBe(octoberInB, "B's mirror learnt the county rate from its feed");

        // y leaves from November on its own database: A's November on is billed at the regional rate again.
        var novemberInA = mirrorA.Items[$"{inA}/2025-11"];
        await LeaveAsync(inB, Day(2025, 11, 1), adminB);
        await SyncAndCompareBothAsync("after B's municipality left");
        mirrorA.Items[$"{inA}/2025-11"].ShouldNotBe(novemberInA, "A's mirror learnt the end of the county rate from its feed");

        // Written, then the service stops at once: y rejoins from December (its database), z leaves from January (the shared one).
        var decemberInA = mirrorA.Items[$"{inA}/2025-12"];
        await PostAsync(pool.Host, $"/api/v1/municipalities/{inB}/rejoin", new RejoinMunicipality(Day(2025, 12, 1)), adminB, status: 200);
        await LeaveAsync(lastInA, Day(2026, 1, 1), adminA);
        await pool.DisposeAsync();

        await using var restarted = await ClockedTalentPool.StartAsync(fixture, Start, shared, databases);
        var resumedA = Resumed(mirrorA, restarted.TokenFor(Roles.Admin, regionId: regionA));
        var resumedB = Resumed(mirrorB, restarted.TokenFor(Roles.Admin, regionId: regionB));
        await resumedA.SyncAsync(restarted.Host, limit: 2);
        resumedA.ShouldEqual(await LiveRegionAsync(restarted.Host, regionA, resumedA.Token, Current), "region A's mirror after the restart");
        resumedA.Items[$"{inA}/2025-12"].ShouldNotBe(decemberInA, "B's municipality rejoining brought the county rate back in December");
        await resumedB.SyncAsync(restarted.Host, limit: 2);
        resumedB.ShouldEqual(await LiveRegionAsync(restarted.Host, regionB, resumedB.Token, Current), "region B's mirror after the restart");

        // Each relayed fact is an event of the region it concerns, in that region's database, once.
        await using (var sessionA = restarted.RegionSession(regionA))
        {
            (await RelayedAsync(sessionA)).Select(e => (e.RegionId, e.From)).ShouldAllBe(e => e.RegionId == regionA);
            (await RelayedAsync(sessionA)).Select(e => e.From).ShouldBe([Day(2025, 9, 1), Day(2025, 11, 1), Day(2025, 12, 1)], ignoreOrder: true);
        }
        await using (var sessionB = restarted.RegionSession(regionB))
        {
            (await RelayedAsync(sessionB)).Select(e => e.From).ShouldBe([Day(2025, 1, 1), Day(2025, 10, 1), Day(2026, 1, 1)], ignoreOrder: true);
        }
    }

    /// <summary>The session's region's relayed county-rate facts.</summary>
    private static async Task<List<CountyRateChangedElsewhere>> RelayedAsync(IQuerySession session) =>
        [.. (await session.Events.QueryAllRawEvents().Where(e => e.EventTypeName == "county_rate_changed_elsewhere.v1").ToListAsync())
            .Select(e => (CountyRateChangedElsewhere)e.Data)];

    private static StatementMirror Resumed(StatementMirror mirror, string token)
    {
        var resumed = new StatementMirror(token) { Cursor = mirror.Cursor };
        foreach (var item in mirror.Items) resumed.Items[item.Key] = item.Value;
        return resumed;
    }

    private static async Task<Guid> PostAsync(IAlbaHost host, string url, object body, string token, int status = 201)
    {
        var result = await host.Scenario(s =>
        {
            s.As(token).Post.Json(body).ToUrl(url);
            s.StatusCodeShouldBe(status);
        });
        return status == 201 ? (await result.ReadAsJsonAsync<JsonElement>()).GetProperty("id").GetGuid() : Guid.Empty;
    }
}
