using System.Text.Json;
using Alba;
using Marten;
using TalentPool.Auth;
using TalentPool.Municipalities;
using TalentPool.Partners;
using TalentPool.Regions;
using TalentPool.Talents;
using TalentPool.Tests.Infrastructure;

namespace TalentPool.Tests.Talents;

/// <summary>The shared base on a host of its own whose clock the test moves (<see cref="ClockedTalentPool"/>).</summary>
[Collection(PostgresCollection.Name)]
public sealed class SharedTalentClockAndRebuildTests(TalentPoolFixture fixture)
{
    private static async Task<Guid> PostAsync(ClockedTalentPool pool, string url, object body, string token, int status = 201)
    {
        var result = await pool.Host.Scenario(s =>
        {
            s.As(token).Post.Json(body).ToUrl(url);
            s.StatusCodeShouldBe(status);
        });
        return status == 201 ? (await result.ReadAsJsonAsync<JsonElement>()).GetProperty("id").GetGuid() : Guid.Empty;
    }

    private static async Task<List<Guid>> SharedWithAsync(ClockedTalentPool pool, string token, string query = "")
    {
        var result = await pool.Host.Scenario(s => s.As(token).Get.Url($"/api/v1/shared-talents?limit=200{query}"));
        return [.. (await result.ReadAsJsonAsync<SharedTalentPage>())!.Items.Select(t => t.Id)];
    }

    private static Task<Guid> RegisterAsync(ClockedTalentPool pool, bool partners = true, bool municipalities = true) =>
        RegisterAsync(pool, TalentRequests.Registration() with { ShareWithPartners = partners, ShareWithMunicipalities = municipalities });

    private static Task<Guid> RegisterAsync(ClockedTalentPool pool, RegisterTalent registration) =>
        PostAsync(pool, "/api/v1/talents", registration, "");

    private static Task GiveConsentAsync(ClockedTalentPool pool, Guid talent, ConsentScope scope) =>
        PostAsync(pool, $"/api/v1/talents/{talent}/consents", new GiveConsent(scope), pool.TokenFor(Roles.Talent, talent), 200);

    private static Task WithdrawConsentAsync(ClockedTalentPool pool, Guid talent, string scope) =>
        pool.Host.Scenario(s => s.As(pool.TokenFor(Roles.Talent, talent)).Delete.Url($"/api/v1/talents/{talent}/consents/{scope}"));

    private static Task UpdateAboutAsync(ClockedTalentPool pool, Guid talent, RegisterTalent registration, int version, string about) =>
        pool.Host.Scenario(s => s.As(pool.TokenFor(Roles.Talent, talent))
            .Put.Json(TalentRequests.ProfileUpdate(registration, version) with { About = about }).ToUrl($"/api/v1/talents/{talent}/profile"));

    /// <summary>A region of Innlandet (Hamar only) with a partner and the municipality joined at <paramref name="start"/>: the tokens and the region.</summary>
    private static async Task<(string Admin, Guid Region, string Partner, string Municipality)> RegionWithMembersAsync(ClockedTalentPool pool, DateTimeOffset start)
    {
        var admin = pool.TokenFor(Roles.Admin);
        var county = await PostAsync(pool, "/api/v1/counties", new RegisterCounty("Innlandet", "NO", ["3403", "3405"]), admin);
        var region = await PostAsync(pool, "/api/v1/regions",
            new RegisterRegion("Hamar-regionen", county, "NO", "NOK", ["3403"], null, null, null), admin);
        var today = DateOnly.FromDateTime(start.UtcDateTime);
        var partner = pool.TokenFor(Roles.Partner, await PostAsync(pool, "/api/v1/partners",
            new JoinPartner(region, "Mjøsbyggen AS", Api.OrganisationNumber(), 200, false, today), admin));
        var municipality = pool.TokenFor(Roles.Municipality, await PostAsync(pool, "/api/v1/municipalities",
            new JoinMunicipality(region, "3403", "Hamar", 32_000, 2025, today, LicencePayer.Municipality), admin));
        return (admin, region, partner, municipality);
    }

    [Fact]
    public async Task A_consent_runs_out_by_time_alone_after_the_regions_validity_with_nothing_written()
    {
        var start = DateTimeOffset.UtcNow;
        await using var pool = await ClockedTalentPool.StartWithRegionAsync(fixture, start);
        var (admin, region, partner, municipality) = await RegionWithMembersAsync(pool, start);
        await PostAsync(pool, $"/api/v1/regions/{region}/consent-validity", new ChangeConsentValidity(12), admin, 200);
        var talent = await RegisterAsync(pool);
        var eventsBefore = (await pool.Store.Advanced.FetchEventStoreStatistics()).EventCount;

        pool.Clock.MoveTo(start.AddMonths(12).AddMinutes(-1));
        (await SharedWithAsync(pool, partner)).ShouldBe([talent]);
        (await SharedWithAsync(pool, municipality)).ShouldBe([talent]);

        pool.Clock.MoveTo(start.AddMonths(12));
        (await SharedWithAsync(pool, partner)).ShouldBeEmpty();     // the region's 12 months have run out
        (await SharedWithAsync(pool, municipality)).ShouldBeEmpty();
        (await SharedWithAsync(pool, admin)).ShouldBe([talent]);    // an admin reads by the default 24 months

        pool.Clock.MoveTo(start.AddMonths(24));
        (await SharedWithAsync(pool, admin)).ShouldBeEmpty();
        (await SharedWithAsync(pool, admin, "&scope=municipalities")).ShouldBeEmpty();
        (await pool.Store.Advanced.FetchEventStoreStatistics()).EventCount.ShouldBe(eventsBefore);

        await GiveConsentAsync(pool, talent, ConsentScope.Partners);
        (await SharedWithAsync(pool, partner)).ShouldBe([talent]);
        (await SharedWithAsync(pool, municipality)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_regions_validity_shortened_hides_the_talents_it_ends_from_the_very_next_read_of_its_members()
    {
        var start = DateTimeOffset.UtcNow;
        await using var pool = await ClockedTalentPool.StartWithRegionAsync(fixture, start);
        var (admin, region, partner, municipality) = await RegionWithMembersAsync(pool, start);
        var talent = await RegisterAsync(pool);

        pool.Clock.MoveTo(start.AddMonths(13));
        (await SharedWithAsync(pool, partner)).ShouldBe([talent]);       // the default 24 months
        (await SharedWithAsync(pool, municipality)).ShouldBe([talent]);
        await pool.Host.Scenario(s => { s.As(partner).Get.Url($"/api/v1/shared-talents/{talent}"); s.StatusCodeShouldBe(200); });

        await PostAsync(pool, $"/api/v1/regions/{region}/consent-validity", new ChangeConsentValidity(12), admin, 200);
        (await SharedWithAsync(pool, partner)).ShouldBeEmpty();          // read per request: nothing kept from the read before
        (await SharedWithAsync(pool, municipality)).ShouldBeEmpty();
        await pool.Host.Scenario(s => { s.As(partner).Get.Url($"/api/v1/shared-talents/{talent}"); s.StatusCodeShouldBe(404); });

        await PostAsync(pool, $"/api/v1/regions/{region}/consent-validity", new ChangeConsentValidity(24), admin, 200);
        (await SharedWithAsync(pool, partner)).ShouldBe([talent]);
    }

    [Fact]
    public async Task Registered_since_counts_from_the_start_of_the_day_asked_for()
    {
        var start = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        await using var pool = await ClockedTalentPool.StartWithRegionAsync(fixture, start);
        var admin = pool.TokenFor(Roles.Admin);
        var early = await RegisterAsync(pool);
        pool.Clock.MoveTo(start.AddDays(2).AddHours(-12)); // 3 March, 00:00
        var later = await RegisterAsync(pool);

        (await SharedWithAsync(pool, admin, "&registeredSince=2026-03-01")).ShouldBe([later, early]);
        (await SharedWithAsync(pool, admin, "&registeredSince=2026-03-02")).ShouldBe([later]);
        (await SharedWithAsync(pool, admin, "&registeredSince=2026-03-04")).ShouldBeEmpty();
    }

    [Fact]
    public async Task Rebuilding_the_shared_base_from_the_events_gives_the_documents_built_live()
    {
        await using var pool = await ClockedTalentPool.StartWithRegionAsync(fixture, DateTimeOffset.UtcNow);
        var registration = TalentRequests.Registration() with { ShareWithPartners = true, ShareWithMunicipalities = true };
        var updated = await RegisterAsync(pool, registration);
        await UpdateAboutAsync(pool, updated, registration, 1, "Moved on to welding.");
        var withdrawn = await RegisterAsync(pool);
        await WithdrawConsentAsync(pool, withdrawn, "partners");
        var erased = await RegisterAsync(pool);
        await pool.Host.Scenario(s =>
        {
            s.As(pool.TokenFor(Roles.Talent, erased)).Post.Json(new { }).ToUrl($"/api/v1/talents/{erased}/erasure");
            s.StatusCodeShouldBe(204);
        });
        await RegisterAsync(pool, partners: false, municipalities: false);
        var lateRegistration = TalentRequests.Registration() with { ShareWithPartners = false, ShareWithMunicipalities = false };
        var late = await RegisterAsync(pool, lateRegistration);
        await UpdateAboutAsync(pool, late, lateRegistration, 1, "Consented later.");
        await GiveConsentAsync(pool, late, ConsentScope.Partners);
        await GiveConsentAsync(pool, withdrawn, ConsentScope.Partners);
        var returned = await RegisterAsync(pool, partners: true, municipalities: false);
        await WithdrawConsentAsync(pool, returned, "partners");
        await GiveConsentAsync(pool, returned, ConsentScope.Municipalities);

        var live = await SharedBaseAsJsonAsync(pool);
        live.Count.ShouldBe(4);
        live.ShouldContain(json => json.Contains("Consented later."));

        using var daemon = await pool.Store.BuildProjectionDaemonAsync();
        await daemon.RebuildProjectionAsync<SharedTalentProjection>(TimeSpan.FromMinutes(1), CancellationToken.None);

        (await SharedBaseAsJsonAsync(pool)).ShouldBe(live);
    }

    private static async Task<List<string>> SharedBaseAsJsonAsync(ClockedTalentPool pool)
    {
        await using var session = pool.RegionSession();
        var documents = await session.Query<SharedTalent>().OrderBy(t => t.Id).ToListAsync();
        return [.. documents.Select(d => JsonSerializer.Serialize(d))];
    }
}
