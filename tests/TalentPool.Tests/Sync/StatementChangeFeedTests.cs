using System.Text.Json;
using Alba;
using Microsoft.Extensions.DependencyInjection;
using TalentPool.Auth;
using TalentPool.Billing;
using TalentPool.Common;
using TalentPool.Hires;
using TalentPool.Municipalities;
using TalentPool.Partners;
using TalentPool.Sync;
using TalentPool.Tests.Infrastructure;
using TalentPool.Tests.Talents;

namespace TalentPool.Tests.Sync;

/// <summary>
/// The statements' change feed: a mirror of (payer, month) statements built from it equals the live statement reads for
/// every month the feed covers — for the region's admin (every payer), a partner (its own) and a municipality (its licence
/// lines, in its own statement or its council's) — after back-dated membership, tier, population and payer facts, hires,
/// a cancellation, closes, a late hire (a correction), a reopen, and another region's municipality changing the county rate.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class StatementChangeFeedTests(TalentPoolFixture fixture)
{
    private readonly Api _api = new(fixture);
    private static DateOnly Day(int year, int month, int day) => new(year, month, day);
    private static readonly BillingMonth FirstChecked = new(2024, 12);

    /// <summary>What a member's system keeps of its statements: each statement by <c>{payerId}/{month}</c>, as the feed sent it.</summary>
    internal sealed class StatementMirror(string token)
    {
        public string Token => token;
        public Dictionary<string, string> Items { get; } = [];
        public string? Cursor { get; set; }
        public BillingMonth? CoveredThrough { get; private set; }
        public int Pages { get; private set; }

        public async Task SyncAsync(IAlbaHost host, int limit = 200)
        {
            var bound = System.Diagnostics.Stopwatch.StartNew();
            while (true)
            {
                var url = $"/api/v1/changes/statements?limit={limit}&waitForWrites=true{(Cursor is null ? "" : $"&after={Cursor}")}";
                var page = await (await host.Scenario(s => s.As(token).Get.Url(url))).ReadAsJsonAsync<JsonElement>();
                Pages++;
                foreach (var change in page.GetProperty("items").EnumerateArray())
                {
                    var id = change.GetProperty("id").GetString()!;
                    if (change.GetProperty("kind").GetString() == nameof(ChangeKind.Upsert)) Items[id] = change.GetProperty("statement").GetRawText();
                    else Items.Remove(id);
                }
                Cursor = page.GetProperty("next").GetString();
                CoveredThrough = page.GetProperty("coveredThrough").ValueKind == JsonValueKind.Null
                    ? null : BillingMonth.TryParse(page.GetProperty("coveredThrough").GetString(), out var covered) ? covered : null;
                var current = page.GetProperty("freshness").GetProperty("wait").GetString() == "Reached";
                if (!page.GetProperty("hasMore").GetBoolean() && current) return;
                bound.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(90), "the change feed caught up with the writes");
            }
        }

        public void ShouldEqual(IReadOnlyDictionary<string, string> live, string because) =>
            Items.OrderBy(i => i.Key).ToList().ShouldBe(live.OrderBy(i => i.Key).ToList(), because);
    }

    private Task<JsonElement> ReadAsync(string url, string token) => ReadAsync(_api.Host, url, token);

    private static async Task<JsonElement> ReadAsync(IAlbaHost host, string url, string token) =>
        await (await host.Scenario(s => s.As(token).Get.Url(url))).ReadAsJsonAsync<JsonElement>();

    private static IEnumerable<BillingMonth> Months(BillingMonth through) => StatementChanges.Months(FirstChecked, through);

    /// <summary>Every statement of the region, month by month, as the region's statements read them.</summary>
    private Task<Dictionary<string, string>> LiveRegionAsync(Guid region, string token, BillingMonth through) =>
        LiveRegionAsync(_api.Host, region, token, through);

    internal static async Task<Dictionary<string, string>> LiveRegionAsync(IAlbaHost host, Guid region, string token, BillingMonth through)
    {
        var live = new Dictionary<string, string>();
        foreach (var month in Months(through))
        {
            foreach (var statement in (await ReadAsync(host, $"/api/v1/regions/{region}/statements/{month}", token)).EnumerateArray())
                live[$"{statement.GetProperty("payerId").GetGuid()}/{month}"] = statement.GetRawText();
        }
        return live;
    }

    /// <summary>A partner's statements that bill something, month by month.</summary>
    private async Task<Dictionary<string, string>> LivePartnerAsync(Guid partner, string token, BillingMonth through)
    {
        var live = new Dictionary<string, string>();
        foreach (var month in Months(through))
        {
            var statement = await ReadAsync($"/api/v1/partners/{partner}/statements/{month}", token);
            if (statement.GetProperty("lines").GetArrayLength() > 0) live[$"{partner}/{month}"] = statement.GetRawText();
        }
        return live;
    }

    /// <summary>A municipality's licence lines, month by month, per payer (itself or its council).</summary>
    private async Task<Dictionary<string, string>> LiveMunicipalityAsync(Guid municipality, string token, BillingMonth through)
    {
        var live = new Dictionary<string, string>();
        foreach (var month in Months(through))
        {
            foreach (var statement in (await ReadAsync($"/api/v1/municipalities/{municipality}/statements/{month}", token)).EnumerateArray())
                live[$"{statement.GetProperty("payerId").GetGuid()}/{month}"] = statement.GetRawText();
        }
        return live;
    }

    [Fact]
    public async Task Mirrors_of_an_admin_a_partner_and_a_municipality_equal_the_live_statements_after_back_dated_facts_hires_closes_corrections_and_a_reopen()
    {
        // One county: region B holds one municipality, region A (the one followed) two; the county rate applies once all three take part.
        var (x1, x2, y) = (Api.UniqueNumber(), Api.UniqueNumber(), Api.UniqueNumber());
        var county = await _api.CountyAsync(x1, x2, y);
        var regionB = (await _api.RegionOfCountyAsync(county, y)).Id;
        var region = (await _api.RegionOfCountyAsync(county, x1, x2)).Id;
        var admin = fixture.AdminToken(region);

        var standard = await _api.PartnerAsync(region, Day(2025, 1, 1));
        var small = await _api.PartnerAsync(region, Day(2025, 3, 16), employees: 20);
        var councilPaid = await _api.MunicipalityAsync(region, x1, 32_000, Day(2025, 1, 1), LicencePayer.RegionalCouncil);
        await _api.HireAsync(await _api.TalentAsync(), standard, Day(2025, 2, 10));

        var regionMirror = new StatementMirror(admin);
        var partnerMirror = new StatementMirror(fixture.TokenFor(Roles.Partner, standard, region));
        var municipalityMirror = new StatementMirror(fixture.TokenFor(Roles.Municipality, councilPaid, region));
        async Task SyncAndCompareAsync(string when)
        {
            await regionMirror.SyncAsync(_api.Host);
            await partnerMirror.SyncAsync(_api.Host);
            await municipalityMirror.SyncAsync(_api.Host);
            var through = regionMirror.CoveredThrough.ShouldNotBeNull();
            through.ShouldBe(BillingMonth.Of(DateOnly.FromDateTime(DateTime.UtcNow)), "the feed covers every month up to the current one");
            regionMirror.ShouldEqual(await LiveRegionAsync(region, admin, through), $"the admin's mirror {when}");
            partnerMirror.ShouldEqual(await LivePartnerAsync(standard, partnerMirror.Token, through), $"the partner's mirror {when}");
            municipalityMirror.ShouldEqual(await LiveMunicipalityAsync(councilPaid, municipalityMirror.Token, through), $"the municipality's mirror {when}");
        }

        // What every node's timer does within a minute of a month's beginning (StatementMonthTimer), for this region.
        await _api.Host.Services.GetRequiredService<StatementMonthClock>().BeginCurrentMonthAsync(region, CancellationToken.None);
        await SyncAndCompareAsync("at the start");
        regionMirror.Items.Keys.ShouldContain($"{standard}/2025-02");
        municipalityMirror.Items.Keys.ShouldContain($"{region}/2025-01", "the council pays its licence");

        // Back-dated facts across months: a second municipality (the regional rate from April), a tier, a population, a payer.
        var ownPaid = await _api.MunicipalityAsync(region, x2, 8_000, Day(2025, 4, 1));
        await _api.PostAsync($"/api/v1/partners/{small}/tier", new ChangePartnerTier(false, 80, Day(2025, 6, 1)), status: 200);
        await _api.PostAsync($"/api/v1/municipalities/{councilPaid}/population", new UpdatePopulation(33_500, 2025, Day(2025, 7, 1)), status: 200);
        await _api.PostAsync($"/api/v1/municipalities/{ownPaid}/payer", new ChangeLicencePayer(LicencePayer.RegionalCouncil, Day(2025, 8, 1)), status: 200);
        var cancelled = await _api.HireAsync(await _api.TalentAsync(), small, Day(2025, 5, 5));
        await _api.PostAsync($"/api/v1/hires/{cancelled}/cancellation", new CancelHire(Day(2025, 6, 20), "Probation"), _api.Recruiter, 200);
        await SyncAndCompareAsync("after back-dated facts, a hire and a cancellation");

        for (var month = 1; month <= 5; month++)
            await _api.PostAsync($"/api/v1/regions/{region}/billing-periods/2025-{month:D2}/close", new { }, status: 200);
        // Recorded after April closed: a correction in June, the first open month.
        await _api.HireAsync(await _api.TalentAsync(), standard, Day(2025, 4, 20));
        await _api.PostAsync($"/api/v1/partners/{standard}/cancellation", new CancelPartnerMembership(Day(2026, 1, 1), "Moves on"), status: 200);
        await SyncAndCompareAsync("after closes, a late hire and a cancellation");
        (await ReadAsync($"/api/v1/partners/{standard}/statements/2025-06", admin)).GetProperty("lines").EnumerateArray()
            .ShouldContain(line => line.GetProperty("corrects").ValueKind == JsonValueKind.String);

        // Region B's municipality joins: every municipality of the county takes part from September, A's licences change.
        await _api.MunicipalityAsync(regionB, y, 5_000, Day(2025, 9, 1));
        fixture.Regions.Use(region);
        await SyncAndCompareAsync("after another region's municipality brought the county rate");

        await _api.PostAsync($"/api/v1/regions/{region}/billing-periods/2025-05/reopen", new ReopenBillingPeriod("Closed too early"), status: 200);
        await SyncAndCompareAsync("after a reopen");

        // Paged one or two at a time from the beginning: the same mirrors.
        var pagedRegion = new StatementMirror(admin);
        await pagedRegion.SyncAsync(_api.Host, limit: 2);
        pagedRegion.Items.ShouldBe(regionMirror.Items, ignoreOrder: true);
        pagedRegion.Pages.ShouldBeGreaterThan(10);
        var pagedPartner = new StatementMirror(partnerMirror.Token);
        await pagedPartner.SyncAsync(_api.Host, limit: 1);
        pagedPartner.Items.ShouldBe(partnerMirror.Items, ignoreOrder: true);

        // Each member its own: another partner's feed names only itself, region B's admin none of A's payers.
        var other = new StatementMirror(fixture.TokenFor(Roles.Partner, small, region));
        await other.SyncAsync(_api.Host);
        other.Items.Keys.ShouldNotBeEmpty();
        other.Items.Keys.ShouldAllBe(key => key.StartsWith(small.ToString()));
        partnerMirror.Items.Keys.ShouldAllBe(key => key.StartsWith(standard.ToString()));
        var regionBMirror = new StatementMirror(fixture.AdminToken(regionB));
        await regionBMirror.SyncAsync(_api.Host);
        regionBMirror.Items.Keys.ShouldNotContain(key => key.StartsWith(standard.ToString()) || key.StartsWith(region.ToString()));
    }

    [Fact]
    public async Task A_bad_cursor_or_another_lists_cursor_is_a_400_problem()
    {
        var region = (await _api.RegionAsync()).Id;
        var admin = fixture.AdminToken(region);
        foreach (var after in new[] { "nonsense", ChangeCursor.For(SyncList.Hires, 3), "U3RhdGVtZW50cy4x=" })
        {
            await _api.Host.Scenario(s =>
            {
                s.As(admin).Get.Url($"/api/v1/changes/statements?after={after}");
                s.StatusCodeShouldBe(400);
            });
        }
        await _api.Host.Scenario(s =>
        {
            s.As(admin).Get.Url($"/api/v1/changes/statements?after={ChangeCursor.For(SyncList.Statements, 0)}&limit=1");
            s.StatusCodeShouldBe(200);
        });
    }

    [Fact]
    public async Task A_mirror_resumed_from_its_cursor_after_a_restart_a_month_later_covers_the_new_months_and_equals_the_live_statements()
    {
        var first = await ClockedTalentPool.StartWithRegionAsync(fixture, new DateTimeOffset(2026, 3, 15, 12, 0, 0, TimeSpan.Zero));
        var region = first.Regions.Latest!.Value;
        await first.BeginMonthAsync();
        var partner = await PostAsync(first, "/api/v1/partners",
            new JoinPartner(region, "Restart AS", Api.OrganisationNumber(), 200, false, Day(2026, 1, 1)), first.TokenFor(Roles.Admin, regionId: region));
        await HireAsync(first, region, partner, Day(2026, 3, 10));
        var mirror = new StatementMirror(first.TokenFor(Roles.Admin, regionId: region));
        await mirror.SyncAsync(first.Host, limit: 2);
        mirror.CoveredThrough.ShouldBe(new BillingMonth(2026, 3));
        mirror.ShouldEqual(await LiveRegionAsync(first.Host, region, mirror.Token, new BillingMonth(2026, 3)), "before the restart");

        // Written, then the service stops at once: February closed, and a hire recorded for it afterwards (a correction in March).
        await first.Host.Scenario(s =>
        {
            s.As(first.TokenFor(Roles.Admin, regionId: region)).Post.Json(new { }).ToUrl($"/api/v1/regions/{region}/billing-periods/2026-02/close");
            s.StatusCodeShouldBe(200);
        });
        await HireAsync(first, region, partner, Day(2026, 2, 20));
        await first.DisposeAsync();

        // Two months later: a read alone records nothing (the mirror still covers March); the node's timer records that May
        // began, and the mirror then covers April and May too.
        await using var second = await ClockedTalentPool.StartAsync(fixture, new DateTimeOffset(2026, 5, 10, 12, 0, 0, TimeSpan.Zero), first.ConnectionString);
        var token = second.TokenFor(Roles.Admin, regionId: region);
        var resumed = new StatementMirror(token) { Cursor = mirror.Cursor };
        foreach (var item in mirror.Items) resumed.Items[item.Key] = item.Value;
        await resumed.SyncAsync(second.Host, limit: 2);
        resumed.CoveredThrough.ShouldBe(new BillingMonth(2026, 3), "a GET appends nothing");
        (await second.BeginMonthAsync()).ShouldBe([region]);
        await resumed.SyncAsync(second.Host, limit: 2);

        resumed.CoveredThrough.ShouldBe(new BillingMonth(2026, 5));
        resumed.ShouldEqual(await LiveRegionAsync(second.Host, region, token, new BillingMonth(2026, 5)), "after the restart");
        resumed.Items.Keys.ShouldContain($"{partner}/2026-05");
        resumed.Items[$"{partner}/2026-03"].ShouldContain("\"corrects\":\"2026-02\"");
    }

    [Fact]
    public async Task A_month_begins_once_per_region_by_the_nodes_timer_when_two_race_and_never_by_a_read()
    {
        await using var pool = await ClockedTalentPool.StartWithRegionAsync(fixture, new DateTimeOffset(2026, 3, 31, 23, 59, 0, TimeSpan.Zero));
        var region = pool.Regions.Latest!.Value;
        var token = pool.TokenFor(Roles.Admin, regionId: region);
        await PostAsync(pool, "/api/v1/partners", new JoinPartner(region, "Clock AS", Api.OrganisationNumber(), 200, false, Day(2026, 2, 1)), token);
        var mirror = new StatementMirror(token);
        await mirror.SyncAsync(pool.Host);
        mirror.CoveredThrough.ShouldBeNull("no month recorded yet, and a read records none");
        await using (var session = pool.RegionSession(region))
            (await session.Events.FetchStreamStateAsync(StatementMonthBegan.StreamIdFor(region, new BillingMonth(2026, 3)))).ShouldBeNull();

        // Two nodes' timers at the same moment, then a third tick: one event.
        var raced = await Task.WhenAll(pool.BeginMonthAsync(), pool.BeginMonthAsync());
        raced.SelectMany(regions => regions).ShouldBe([region]);
        (await pool.BeginMonthAsync()).ShouldBeEmpty();
        await using (var session = pool.RegionSession(region))
            (await session.Events.FetchStreamAsync(StatementMonthBegan.StreamIdFor(region, new BillingMonth(2026, 3)))).Count.ShouldBe(1);
        await mirror.SyncAsync(pool.Host);
        mirror.CoveredThrough.ShouldBe(new BillingMonth(2026, 3));
        mirror.ShouldEqual(await LiveRegionAsync(pool.Host, region, token, new BillingMonth(2026, 3)), "in March");

        // Thirty seconds into April: reads change nothing until the timer's next tick records that April began.
        pool.Clock.MoveTo(new DateTimeOffset(2026, 4, 1, 0, 0, 30, TimeSpan.Zero));
        await mirror.SyncAsync(pool.Host);
        mirror.CoveredThrough.ShouldBe(new BillingMonth(2026, 3), "a GET appends nothing");
        (await pool.BeginMonthAsync()).ShouldBe([region]);
        await mirror.SyncAsync(pool.Host);
        mirror.CoveredThrough.ShouldBe(new BillingMonth(2026, 4));
        mirror.ShouldEqual(await LiveRegionAsync(pool.Host, region, token, new BillingMonth(2026, 4)), "in April");
        mirror.Items.Keys.ShouldContain(key => key.EndsWith("/2026-04"));
    }

    private static async Task<Guid> PostAsync(ClockedTalentPool pool, string url, object body, string token)
    {
        var result = await pool.Host.Scenario(s =>
        {
            s.As(token).Post.Json(body).ToUrl(url);
            s.StatusCodeShouldBe(201);
        });
        return (await result.ReadAsJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static async Task HireAsync(ClockedTalentPool pool, Guid region, Guid partner, DateOnly hiredOn)
    {
        var registered = await pool.Host.Scenario(s =>
        {
            s.Post.Json(TalentRequests.Registration()).ToUrl("/api/v1/talents");
            s.WithRequestHeader(TalentPool.Hosting.RegionTenancy.HeaderName, region.ToString());
            s.StatusCodeShouldBe(201);
        });
        var talent = (await registered.ReadAsJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await pool.Host.Scenario(s =>
        {
            s.As(pool.TokenFor(Roles.Recruiter, regionId: region)).Post.Json(new RecordHire(talent, partner, hiredOn, HiredOn: hiredOn)).ToUrl("/api/v1/hires");
            s.WithRequestHeader("Idempotency-Key", Guid.NewGuid().ToString());
            s.StatusCodeShouldBe(201);
        });
    }
}
