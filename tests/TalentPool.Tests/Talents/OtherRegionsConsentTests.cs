using System.Net;
using System.Text.Json;
using Alba;
using Marten;
using Npgsql;
using TalentPool.Auth;
using TalentPool.Candidates;
using TalentPool.Hosting;
using TalentPool.Regions;
using TalentPool.Talents;
using TalentPool.Tests.Infrastructure;
using TalentPool.Vacancies;

namespace TalentPool.Tests.Talents;

/// <summary>
/// Talents may consent to be seen by other regions (Talents/OtherRegionsSharing.cs); nothing of a region crosses to another
/// without that consent. Two (or three) regions of one installation, each with its own partner and municipality.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class OtherRegionsConsentTests(TalentPoolFixture fixture)
{
    // Tests on the shared database consent to named regions only: a consent to every region would reach the regions of every
    // other test. Those to every region run on a database of their own (ClockedTalentPool).
    private readonly Installation _installation = new(fixture.Host, fixture.Regions, fixture.TokenFor, id => fixture.RegionSession(id));
    private IAlbaHost Host => _installation.Host;

    private Task<RegionWithMembers> RegionAsync() => _installation.RegionAsync();

    private Task<(Guid Id, RegisterTalent Registration)> TalentInAsync(RegionWithMembers region) => _installation.TalentInAsync(region);

    private string TalentToken(Guid talent) => _installation.TalentToken(talent);

    private Task<IScenarioResult> SendAsync(HttpMethod method, string url, string token, object? body = null, int status = 200) =>
        _installation.SendAsync(method, url, token, body, status);

    private Task<IScenarioResult> ConsentAsync(Guid talent, GiveOtherRegionsConsent consent, int status = 200) =>
        _installation.ConsentAsync(talent, consent, status);

    private Task<SharedTalentPage> SearchAsync(string token, string query = "") => _installation.SearchAsync(token, query);

    private Task<int> DetailStatusAsync(string token, Guid talent) => _installation.DetailStatusAsync(token, talent);

    private Task<int> EventCountAsync(Guid regionId) => _installation.EventCountAsync(regionId);

    private static GiveOtherRegionsConsent To(params RegionWithMembers[] regions) => new(EveryRegion: false, Regions: [.. regions.Select(r => r.Id)]);

    [Fact]
    public async Task Without_the_consent_nothing_of_a_talent_is_seen_in_another_region_and_a_consent_to_named_regions_reaches_those_only()
    {
        var home = await RegionAsync();
        var (talent, _) = await TalentInAsync(home);
        var named = await RegionAsync();
        var other = await RegionAsync();

        foreach (var region in new[] { named, other })
        {
            var page = await SearchAsync(region.Partner);
            page.Items.ShouldBeEmpty();
            page.Facets.CountedTalents.ShouldBe(0);
            (await SearchAsync(region.Partner, "&country=IN")).Facets.CountedTalents.ShouldBe(0);
            (await DetailStatusAsync(region.Partner, talent)).ShouldBe(404);
            (await DetailStatusAsync(region.Admin, talent)).ShouldBe(404);
        }

        await ConsentAsync(talent, To(named));

        (await SearchAsync(named.Partner)).Items.Select(t => t.Id).ShouldBe([talent]);
        (await DetailStatusAsync(named.Partner, talent)).ShouldBe(200);
        (await SearchAsync(other.Partner)).Items.ShouldBeEmpty();
        (await SearchAsync(other.Partner)).Facets.CountedTalents.ShouldBe(0);
        (await DetailStatusAsync(other.Partner, talent)).ShouldBe(404);
    }

    [Fact]
    public async Task Withdrawing_either_consent_removes_the_talent_from_every_other_region_at_once_facet_counts_included()
    {
        var home = await RegionAsync();
        var (byOwnConsent, _) = await TalentInAsync(home);
        var (bySharing, _) = await TalentInAsync(home);
        var other = await RegionAsync();
        await ConsentAsync(byOwnConsent, To(other));
        await ConsentAsync(bySharing, To(other));
        (await SearchAsync(other.Partner)).Facets.CountedTalents.ShouldBe(2);

        // The consent to other regions withdrawn: gone from the other region by the very next request; still shared at home.
        var withdrawn = await (await SendAsync(HttpMethod.Delete, $"/api/v1/talents/{byOwnConsent}/other-regions-consent", TalentToken(byOwnConsent)))
            .ReadAsJsonAsync<TalentProfileView>();
        withdrawn!.Consents.OtherRegions.ShouldBeNull();
        var page = await SearchAsync(other.Partner);
        page.Items.Select(t => t.Id).ShouldBe([bySharing]);
        page.Facets.CountedTalents.ShouldBe(1);
        (await DetailStatusAsync(other.Partner, byOwnConsent)).ShouldBe(404);
        (await SearchAsync(home.Partner)).Items.Select(t => t.Id).ShouldContain(byOwnConsent);

        // The last consent to share withdrawn: gone everywhere, and the consent to other regions is withdrawn with it, so a
        // consent to share given later does not bring the talent back to the other region.
        await SendAsync(HttpMethod.Delete, $"/api/v1/talents/{bySharing}/consents/partners", TalentToken(bySharing));
        (await SearchAsync(other.Partner)).ShouldSatisfyAllConditions(
            p => p.Items.ShouldBeEmpty(), p => p.Facets.CountedTalents.ShouldBe(0), p => p.Facets.Countries.ShouldBeEmpty());
        var view = await (await SendAsync(HttpMethod.Post, $"/api/v1/talents/{bySharing}/consents", TalentToken(bySharing), new GiveConsent(ConsentScope.Partners)))
            .ReadAsJsonAsync<TalentProfileView>();
        view!.Consents.OtherRegions.ShouldBeNull();
        (await SearchAsync(other.Partner)).Items.ShouldBeEmpty();
        (await SearchAsync(home.Partner)).Items.Select(t => t.Id).ShouldContain(bySharing);
    }

    [Fact]
    public async Task An_erased_talent_is_gone_from_every_region_and_no_table_holds_its_personal_data_in_another_regions_tenant()
    {
        var home = await RegionAsync();
        var (talent, registration) = await TalentInAsync(home);
        var other = await RegionAsync();
        await ConsentAsync(talent, To(other));
        (await SearchAsync(other.Partner)).Items.ShouldHaveSingleItem();

        await SendAsync(HttpMethod.Post, $"/api/v1/talents/{talent}/erasure", TalentToken(talent), status: 204);

        (await SearchAsync(other.Partner)).ShouldSatisfyAllConditions(p => p.Items.ShouldBeEmpty(), p => p.Facets.CountedTalents.ShouldBe(0));
        (await DetailStatusAsync(other.Partner, talent)).ShouldBe(404);
        (await RowsOfTenantMentioningAsync(other.Id, registration.FullName, registration.Email, talent.ToString())).ShouldBeEmpty();
        (await RowsOfTenantMentioningAsync(home.Id, registration.FullName, registration.Email)).ShouldBeEmpty();
    }

    /// <summary>Every row of every table with a tenant column, of the region's tenant, whose text mentions one of the values.</summary>
    private async Task<List<string>> RowsOfTenantMentioningAsync(Guid regionId, params string[] values)
    {
        await using var connection = fixture.Store.Storage.Database.CreateConnection();
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
            "select table_name from information_schema.columns where table_schema = $1 and column_name = 'tenant_id'", connection))
        {
            list.Parameters.AddWithValue(DatabaseConfiguration.SchemaName);
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        }
        var found = new List<string>();
        foreach (var table in tables)
        {
            await using var command = new NpgsqlCommand(
                $"select count(*) from {DatabaseConfiguration.SchemaName}.{table} as t where t.tenant_id = $1 and t::text ilike any($2)", connection);
            command.Parameters.AddWithValue(RegionTenancy.TenantOf(regionId));
            command.Parameters.AddWithValue(values.Select(v => $"%{v}%").ToArray());
            if ((long)(await command.ExecuteScalarAsync())! > 0) found.Add(table);
        }
        return found;
    }

    [Fact]
    public async Task A_profile_update_reaches_the_other_regions_at_once()
    {
        var home = await RegionAsync();
        var (talent, registration) = await TalentInAsync(home);
        var other = await RegionAsync();
        await ConsentAsync(talent, To(other));

        await SendAsync(HttpMethod.Put, $"/api/v1/talents/{talent}/profile", TalentToken(talent),
            TalentRequests.ProfileUpdate(registration, 2) with { CompetenceAreas = ["Welding"], About = "Now a welder." });

        var card = (await SearchAsync(other.Partner, "&competenceArea=Welding")).Items.ShouldHaveSingleItem();
        card.ShouldSatisfyAllConditions(() => card.About.ShouldBe("Now a welder."), () => card.Profile.CompetenceAreas.ShouldBe(["Welding"]));
        (await SearchAsync(other.Partner)).Facets.CompetenceAreas.ShouldBe([new FacetCount("Welding", 1)]);
        (await SearchAsync(other.Partner, "&competenceArea=Process%20chemistry")).Items.ShouldBeEmpty();
    }

    [Fact]
    public async Task Another_regions_member_reads_a_consenting_talent_but_cannot_introduce_it_409_and_nothing_is_recorded()
    {
        var home = await RegionAsync();
        var (consenting, _) = await TalentInAsync(home);
        var (notConsenting, _) = await TalentInAsync(home);
        var other = await RegionAsync();
        await ConsentAsync(consenting, To(other));
        var vacancy = await _installation.PostAsync("/api/v1/vacancies",
            new PostVacancy(new VacancyDetails("Welder", "Welds", "Welding", other.Number, 1, DateOnly.FromDateTime(DateTime.UtcNow).AddMonths(2), ["en"]),
                EmployerKind.Partner, other.PartnerId), other.Partner);
        var eventsOfOther = await EventCountAsync(other.Id);
        var eventsOfHome = await EventCountAsync(home.Id);

        var refused = await SendAsync(HttpMethod.Post, $"/api/v1/vacancies/{vacancy}/candidates", other.Partner, new IntroduceCandidate(consenting), 409);
        (await refused.ReadProblemAsync()).ShouldNotBeNull().Detail.ShouldNotBeNull().ShouldContain(home.Id.ToString());
        // One that does not consent to be seen here is not known here at all.
        await SendAsync(HttpMethod.Post, $"/api/v1/vacancies/{vacancy}/candidates", other.Partner, new IntroduceCandidate(notConsenting), 404);
        // Nor is its hire recorded by the other region's recruiter: the talent is not in that region.
        await Host.Scenario(s =>
        {
            s.As(fixture.TokenFor(Roles.Recruiter, regionId: other.Id)).Post
                .Json(new TalentPool.Hires.RecordHire(consenting, other.PartnerId, new DateOnly(2026, 3, 2), HiredOn: new DateOnly(2026, 3, 2))).ToUrl("/api/v1/hires");
            s.WithRequestHeader("Idempotency-Key", Guid.NewGuid().ToString());
            s.StatusCodeShouldBe(404);
        });
        // Nor is anything of the home region reachable through its ids: the talent's own resources are the home region's.
        await SendAsync(HttpMethod.Get, $"/api/v1/talents/{consenting}", other.Admin, status: 404);

        (await EventCountAsync(other.Id)).ShouldBe(eventsOfOther);
        (await EventCountAsync(home.Id)).ShouldBe(eventsOfHome);
    }

    [Fact]
    public async Task The_consent_is_refused_without_a_consent_to_share_for_the_own_region_or_an_unknown_one_and_nothing_is_appended()
    {
        var home = await RegionAsync();
        var sharingWithNoOne = await _installation.RegisterAsync(home,
            TalentRequests.Registration() with { ShareWithPartners = false, ShareWithMunicipalities = false });
        var (talent, _) = await TalentInAsync(home);
        var events = await EventCountAsync(home.Id);

        (await (await ConsentAsync(sharingWithNoOne, new GiveOtherRegionsConsent(EveryRegion: true), 409)).ReadProblemAsync())
            .ShouldNotBeNull().Detail.ShouldNotBeNull().ShouldContain("share");
        await ConsentAsync(talent, new GiveOtherRegionsConsent(EveryRegion: false, Regions: [home.Id]), 409);
        await ConsentAsync(talent, new GiveOtherRegionsConsent(EveryRegion: false, Regions: [Guid.NewGuid()]), 404);
        await ConsentAsync(talent, new GiveOtherRegionsConsent(EveryRegion: false, Regions: []), 400);
        await ConsentAsync(talent, new GiveOtherRegionsConsent(EveryRegion: true, Regions: [Guid.NewGuid()]), 400);
        await ConsentAsync(talent, new GiveOtherRegionsConsent(EveryRegion: false, Regions: [.. Enumerable.Range(0, 101).Select(_ => Guid.NewGuid())]), 400);
        // Withdrawing a consent never given records nothing.
        await SendAsync(HttpMethod.Delete, $"/api/v1/talents/{talent}/other-regions-consent", TalentToken(talent));

        (await EventCountAsync(home.Id)).ShouldBe(events);
    }
}

/// <summary>Consents to every region, and the rebuild, each on a database of its own (<see cref="ClockedTalentPool"/>).</summary>
[Collection(PostgresCollection.Name)]
public sealed class OtherRegionsConsentOwnDatabaseTests(TalentPoolFixture fixture)
{
    private static Installation Of(ClockedTalentPool pool) => new(pool.Host, pool.Regions, pool.TokenFor, id => pool.RegionSession(id));

    [Fact]
    public async Task A_talent_consenting_to_every_region_is_found_by_another_regions_partner_marked_with_its_home_region_with_the_shared_fields_only()
    {
        await using var pool = await ClockedTalentPool.StartAsync(fixture, DateTimeOffset.UtcNow);
        var installation = Of(pool);
        var home = await installation.RegionAsync();
        var (talent, registration) = await installation.TalentInAsync(home);
        var other = await installation.RegionAsync();

        var answer = await (await installation.ConsentAsync(talent, new GiveOtherRegionsConsent(EveryRegion: true))).ReadAsJsonAsync<TalentProfileView>();
        answer!.Consents.OtherRegions.ShouldNotBeNull().EveryRegion.ShouldBeTrue();

        // The search: the talent, marked with its home region, counted in the facets of the other region's base.
        var page = await installation.SearchAsync(other.Partner);
        var card = page.Items.ShouldHaveSingleItem();
        card.ShouldSatisfyAllConditions(
            () => card.Id.ShouldBe(talent),
            () => card.HomeRegionId.ShouldBe(home.Id),
            () => card.FullName.ShouldBe(registration.FullName),
            () => card.About.ShouldBe(registration.About),
            () => card.Profile.CompetenceAreas.ShouldBe(["Battery engineering", "Process chemistry"]));
        page.Facets.ShouldSatisfyAllConditions(
            () => page.Facets.Exact.ShouldBeTrue(),
            () => page.Facets.CountedTalents.ShouldBe(1),
            () => page.Facets.Countries.ShouldBe([new FacetCount("IN", 1)]));
        (await installation.SearchAsync(other.Partner, "&competenceArea=Process%20chemistry")).Items.Select(t => t.Id).ShouldBe([talent]);
        (await installation.SearchAsync(other.Partner, "&search=gigafactory")).Facets.CountedTalents.ShouldBe(1);

        // The detail: exactly the card's fields, nothing of how the talent heard of us, its history or its consents.
        var detail = await installation.SendAsync(HttpMethod.Get, $"/api/v1/shared-talents/{talent}", other.Partner);
        var json = await detail.ReadAsTextAsync();
        using (var document = JsonDocument.Parse(json))
        {
            document.RootElement.EnumerateObject().Select(p => p.Name)
                .ShouldBe(["id", "fullName", "email", "phone", "profile", "about", "homeRegionId"], ignoreOrder: true);
        }
        json.ShouldNotContain(registration.HeardAboutUsDetails!);
        json.ShouldNotContain("registeredAt");
        json.ShouldNotContain("sharedWith");

        // Under the consents the talent gave: to partners, not to municipalities, in the other region as at home.
        (await installation.SearchAsync(other.Municipality)).Items.ShouldBeEmpty();
        (await installation.DetailStatusAsync(other.Municipality, talent)).ShouldBe(404);
        // The home region's own search is unchanged, and its own talents are marked with it.
        (await installation.SearchAsync(home.Partner)).Items.ShouldHaveSingleItem().HomeRegionId.ShouldBe(home.Id);
        // Every region is every region: one made after the consent sees the talent too.
        var later = await installation.RegionAsync();
        (await installation.SearchAsync(later.Partner)).Items.Select(t => t.Id).ShouldBe([talent]);
    }

    [Fact]
    public async Task A_consent_that_ran_out_in_the_talents_home_region_is_not_in_force_in_a_region_that_keeps_consents_longer()
    {
        var start = new DateTimeOffset(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);
        await using var pool = await ClockedTalentPool.StartAsync(fixture, start);
        var installation = Of(pool);
        var home = await installation.RegionAsync();
        var other = await installation.RegionAsync();
        var (talent, _) = await installation.TalentInAsync(home);
        await installation.ConsentAsync(talent, new GiveOtherRegionsConsent(EveryRegion: true));
        // The home region keeps a consent for 1 month, the other for the default 24.
        await installation.SendAsync(HttpMethod.Post, $"/api/v1/regions/{home.Id}/consent-validity", home.Admin, new ChangeConsentValidity(1));
        var vacancy = await installation.PostAsync("/api/v1/vacancies",
            new PostVacancy(new VacancyDetails("Welder", "Welds", "Welding", other.Number, 1, new DateOnly(2026, 4, 1), ["en"]),
                EmployerKind.Partner, other.PartnerId), other.Partner);
        var introduce = $"/api/v1/vacancies/{vacancy}/candidates";

        // A minute before a month has passed: still in force at home, so seen.
        pool.Clock.MoveTo(new DateTimeOffset(2026, 2, 15, 11, 59, 0, TimeSpan.Zero));
        (await installation.SearchAsync(other.Partner)).Items.Select(t => t.Id).ShouldBe([talent]);
        (await installation.DetailStatusAsync(other.Partner, talent)).ShouldBe(200);
        await installation.SendAsync(HttpMethod.Post, introduce, other.Partner, new IntroduceCandidate(talent), 409);

        // Past it: the home region no longer shares the talent, and neither does the other, though its own validity is longer.
        pool.Clock.MoveTo(new DateTimeOffset(2026, 2, 15, 12, 1, 0, TimeSpan.Zero));
        (await installation.SearchAsync(home.Partner)).Items.ShouldBeEmpty();
        var page = await installation.SearchAsync(other.Partner);
        page.Items.ShouldBeEmpty();
        page.Facets.CountedTalents.ShouldBe(0);
        var filtered = await installation.SearchAsync(other.Partner, "&competenceArea=Process%20chemistry");
        filtered.Items.ShouldBeEmpty();
        filtered.Facets.CountedTalents.ShouldBe(0);
        (await installation.DetailStatusAsync(other.Partner, talent)).ShouldBe(404);
        // Nor does an introduction learn where the talent lives: unknown here, as a talent that does not exist.
        await installation.SendAsync(HttpMethod.Post, introduce, other.Partner, new IntroduceCandidate(talent), 404);

        // Renewed at home: in force in both again.
        await installation.SendAsync(HttpMethod.Post, $"/api/v1/talents/{talent}/consents", installation.TalentToken(talent), new { scope = "Partners" });
        (await installation.SearchAsync(other.Partner)).Items.Select(t => t.Id).ShouldBe([talent]);
    }

    [Fact]
    public async Task Rebuilding_the_shared_base_gives_the_documents_and_the_other_regions_answers_built_live()
    {
        await using var pool = await ClockedTalentPool.StartAsync(fixture, DateTimeOffset.UtcNow);
        var installation = Of(pool);
        var home = await installation.RegionAsync();
        var other = await installation.RegionAsync();
        var (everywhere, _) = await installation.TalentInAsync(home);
        await installation.ConsentAsync(everywhere, new GiveOtherRegionsConsent(EveryRegion: true));
        var (named, registration) = await installation.TalentInAsync(home);
        await installation.ConsentAsync(named, new GiveOtherRegionsConsent(EveryRegion: false, Regions: [other.Id]));
        await installation.SendAsync(HttpMethod.Put, $"/api/v1/talents/{named}/profile", installation.TalentToken(named),
            TalentRequests.ProfileUpdate(registration, 2) with { About = "Welding now." });
        var (withdrawn, _) = await installation.TalentInAsync(home);
        await installation.ConsentAsync(withdrawn, new GiveOtherRegionsConsent(EveryRegion: true));
        await installation.SendAsync(HttpMethod.Delete, $"/api/v1/talents/{withdrawn}/other-regions-consent", installation.TalentToken(withdrawn));
        var (stoppedSharing, _) = await installation.TalentInAsync(home);
        await installation.ConsentAsync(stoppedSharing, new GiveOtherRegionsConsent(EveryRegion: true));
        await installation.SendAsync(HttpMethod.Delete, $"/api/v1/talents/{stoppedSharing}/consents/partners", installation.TalentToken(stoppedSharing));
        await installation.SendAsync(HttpMethod.Post, $"/api/v1/talents/{stoppedSharing}/consents", installation.TalentToken(stoppedSharing),
            new GiveConsent(ConsentScope.Partners));
        var (erased, _) = await installation.TalentInAsync(home);
        await installation.ConsentAsync(erased, new GiveOtherRegionsConsent(EveryRegion: true));
        await installation.SendAsync(HttpMethod.Post, $"/api/v1/talents/{erased}/erasure", installation.TalentToken(erased), status: 204);

        var live = await SharedBaseAsJsonAsync(pool, home.Id);
        var liveAnswer = JsonSerializer.Serialize(await installation.SearchAsync(other.Partner));
        (await installation.SearchAsync(other.Partner)).Items.Select(t => t.Id).ShouldBe([named, everywhere]);

        using var daemon = await pool.Store.BuildProjectionDaemonAsync();
        await daemon.RebuildProjectionAsync<SharedTalentProjection>(TimeSpan.FromMinutes(1), CancellationToken.None);

        (await SharedBaseAsJsonAsync(pool, home.Id)).ShouldBe(live);
        JsonSerializer.Serialize(await installation.SearchAsync(other.Partner)).ShouldBe(liveAnswer);
    }

    private static async Task<List<string>> SharedBaseAsJsonAsync(ClockedTalentPool pool, Guid regionId)
    {
        await using var session = pool.RegionSession(regionId);
        var documents = await session.Query<SharedTalent>().OrderBy(t => t.Id).ToListAsync();
        return [.. documents.Select(d => JsonSerializer.Serialize(d))];
    }
}
