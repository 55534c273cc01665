using System.Text.Json;
using Alba;
using TalentPool.Auth;
using TalentPool.Candidates;
using TalentPool.Hires;
using TalentPool.Hosting;
using TalentPool.Regions;
using TalentPool.Sync;
using TalentPool.Talents;
using TalentPool.Tests.Infrastructure;
using TalentPool.Tests.Talents;
using TalentPool.Vacancies;

namespace TalentPool.Tests.Sync;

/// <summary>
/// Each list a member reads, mirrored from its change feed, equals the live list after creates, updates, consent
/// withdrawals and erasures; the feed pages by cursor, keeps to the member's own scope and region, and refuses a bad cursor.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ChangeFeedTests(TalentPoolFixture fixture)
{
    private readonly Api _api = new(fixture);
    private static readonly DateOnly Day = new(2026, 3, 1);
    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    private static VacancyDetails Details(string municipality, int positions = 1) =>
        new("Process engineer", "Scale up cell production.", "Battery engineering", municipality, positions, Today.AddMonths(3), ["en"]);

    private async Task<(RegionDetails Region, Guid Partner, string Token)> RegionWithPartnerAsync()
    {
        var region = await _api.RegionAsync();
        var partner = await _api.PartnerAsync(region.Id, Day);
        return (region, partner, fixture.TokenFor(Roles.Partner, partner));
    }

    private async Task<JsonElement> GetAsync(string url, string token)
    {
        var result = await _api.Host.Scenario(s => s.As(token).Get.Url(url));
        return await result.ReadAsJsonAsync<JsonElement>();
    }

    private async Task<Dictionary<Guid, string>> LiveVacanciesAsync(string token)
    {
        var page = await GetAsync("/api/v1/vacancies?limit=200", token);
        page.GetProperty("next").ValueKind.ShouldBe(JsonValueKind.Null);
        return FeedMirror.ById(page.GetProperty("items").EnumerateArray());
    }

    private async Task<Dictionary<Guid, string>> LiveSharedTalentsAsync(string token, string scope = "Partners")
    {
        var page = await GetAsync($"/api/v1/shared-talents?limit=200&scope={scope}", token);
        page.GetProperty("next").ValueKind.ShouldBe(JsonValueKind.Null);
        return FeedMirror.ById(page.GetProperty("items").EnumerateArray());
    }

    /// <summary>Registers a talent in the region (as an anonymous visitor does): its id, its own token and the request.</summary>
    private async Task<(Guid Id, string Token, RegisterTalent Request)> TalentAsync(Guid regionId, bool partners, bool municipalities)
    {
        var request = TalentRequests.Registration() with { ShareWithPartners = partners, ShareWithMunicipalities = municipalities };
        var result = await _api.Host.Scenario(s =>
        {
            s.Post.Json(request).ToUrl("/api/v1/talents");
            s.WithRequestHeader(RegionTenancy.HeaderName, regionId.ToString());
            s.StatusCodeShouldBe(201);
        });
        var body = await result.ReadAsJsonAsync<JsonElement>();
        return (body.GetProperty("id").GetGuid(), body.GetProperty("accessToken").GetString()!, request);
    }

    [Fact]
    public async Task A_partners_vacancy_mirror_equals_its_live_list_after_posts_updates_and_closes_paged_two_at_a_time()
    {
        var (region, partner, token) = await RegionWithPartnerAsync();
        var number = region.MunicipalityNumbers[0];
        var mirror = new FeedMirror("/api/v1/changes/vacancies", "vacancy");
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++) ids.Add(await _api.PostAsync("/api/v1/vacancies", new PostVacancy(Details(number)), token));
        await mirror.SyncAsync(_api.Host, token, limit: 2);
        mirror.Items.Keys.ShouldBe(ids, ignoreOrder: true);
        mirror.Pages.ShouldBeGreaterThanOrEqualTo(3, "five vacancies, two a page");

        // Changes after the cursor: the mirror reads only them, each once.
        await _api.Host.Scenario(s => s.As(token).Put.Json(new UpdateVacancy(1, Details(number, positions: 4))).ToUrl($"/api/v1/vacancies/{ids[1]}"));
        await _api.PostAsync($"/api/v1/vacancies/{ids[3]}/close", new CloseVacancy(VacancyClosure.Filled), token, 200);
        ids.Add(await _api.PostAsync("/api/v1/vacancies", new PostVacancy(Details(number)), token));
        var before = mirror.Applied.Count;
        await mirror.SyncAsync(_api.Host, token, limit: 2);
        mirror.Applied.Skip(before).Select(c => c.Id).ShouldBe([ids[1], ids[3], ids[5]], "only what changed, oldest change first");

        mirror.ShouldEqual(await LiveVacanciesAsync(token));
        JsonDocument.Parse(mirror.Items[ids[1]]).RootElement.GetProperty("details").GetProperty("positions").GetInt32().ShouldBe(4);
        JsonDocument.Parse(mirror.Items[ids[3]]).RootElement.GetProperty("status").GetString().ShouldBe("Closed");

        // Another partner of the region follows its own vacancies only; the region's recruiter every one.
        var other = await _api.PartnerAsync(region.Id, Day);
        var otherToken = fixture.TokenFor(Roles.Partner, other);
        var othersVacancy = await _api.PostAsync("/api/v1/vacancies", new PostVacancy(Details(number)), otherToken);
        var othersMirror = new FeedMirror("/api/v1/changes/vacancies", "vacancy");
        await othersMirror.SyncAsync(_api.Host, otherToken);
        othersMirror.Items.Keys.ShouldBe([othersVacancy]);
        var recruiterMirror = new FeedMirror("/api/v1/changes/vacancies", "vacancy");
        var recruiter = fixture.TokenFor(Roles.Recruiter, regionId: region.Id);
        await recruiterMirror.SyncAsync(_api.Host, recruiter);
        recruiterMirror.ShouldEqual(await LiveVacanciesAsync(recruiter));
        recruiterMirror.Items.Keys.ShouldBe([.. ids, othersVacancy], ignoreOrder: true);
    }

    [Fact]
    public async Task A_partners_candidate_mirror_equals_its_vacancies_candidates_after_moves_rejections_and_the_talents_erasure()
    {
        var (region, partner, token) = await RegionWithPartnerAsync();
        var vacancy = await _api.PostAsync("/api/v1/vacancies", new PostVacancy(Details(region.MunicipalityNumbers[0])), token);
        var priya = await TalentAsync(region.Id, partners: true, municipalities: false);
        var mei = await TalentAsync(region.Id, partners: true, municipalities: false);
        var first = await _api.PostAsync($"/api/v1/vacancies/{vacancy}/candidates", new IntroduceCandidate(priya.Id), token);
        var second = await _api.PostAsync($"/api/v1/vacancies/{vacancy}/candidates", new IntroduceCandidate(mei.Id), token);
        var mirror = new FeedMirror("/api/v1/changes/candidates", "candidate");
        await mirror.SyncAsync(_api.Host, token, limit: 1);

        await _api.PostAsync($"/api/v1/candidates/{first}/stage", new MoveCandidate(CandidateStage.Interview), token, 200);
        await _api.PostAsync($"/api/v1/candidates/{second}/rejection", new RejectCandidate($"Not now, {priya.Request.FullName}: {priya.Request.Email}"), token, 200);
        await _api.Host.Scenario(s => { s.As(mei.Token).Post.Json(new { }).ToUrl($"/api/v1/talents/{mei.Id}/erasure"); s.StatusCodeShouldBe(204); });
        await mirror.SyncAsync(_api.Host, token, limit: 1);

        var live = await GetAsync($"/api/v1/vacancies/{vacancy}/candidates", token);
        mirror.ShouldEqual(FeedMirror.ById(live.EnumerateArray()));
        mirror.Items[second].ShouldNotContain(priya.Request.Email, customMessage: "the reason written about the erased talent is masked in the mirror too");
        mirror.Items[first].ShouldContain("Interview");

        var stranger = fixture.TokenFor(Roles.Partner, await _api.PartnerAsync(region.Id, Day));
        var strangersMirror = new FeedMirror("/api/v1/changes/candidates", "candidate");
        await strangersMirror.SyncAsync(_api.Host, stranger);
        strangersMirror.Applied.ShouldBeEmpty("another partner's candidates are not in a partner's feed");
    }

    [Fact]
    public async Task A_partners_hire_mirror_equals_its_hires_after_cancellations_and_endings_and_another_partner_sees_none()
    {
        var (region, partner, token) = await RegionWithPartnerAsync();
        var recruiter = fixture.TokenFor(Roles.Recruiter, regionId: region.Id);
        var hires = new List<Guid>();
        for (var i = 0; i < 3; i++) hires.Add(await _api.HireAsync((await TalentAsync(region.Id, true, false)).Id, partner, Today.AddDays(-10)));
        var mirror = new FeedMirror("/api/v1/changes/hires", "hire");
        await mirror.SyncAsync(_api.Host, token, limit: 2);

        await _api.PostAsync($"/api/v1/hires/{hires[0]}/cancellation", new CancelHire(Today.AddDays(-5), "Probation"), recruiter, 200);
        await _api.PostAsync($"/api/v1/hires/{hires[1]}/end", new EndEmployment(Today.AddDays(-1), true, "Moved away"), recruiter, 200);
        var other = await _api.PartnerAsync(region.Id, Day);
        var othersHire = await _api.HireAsync((await TalentAsync(region.Id, true, false)).Id, other, Today.AddDays(-3));
        await mirror.SyncAsync(_api.Host, token, limit: 2);

        var live = new Dictionary<Guid, string>();
        foreach (var hire in hires) live[hire] = (await GetAsync($"/api/v1/hires/{hire}", recruiter)).GetRawText();
        mirror.ShouldEqual(live);
        mirror.Items[hires[0]].ShouldContain("Cancelled");

        var othersMirror = new FeedMirror("/api/v1/changes/hires", "hire");
        await othersMirror.SyncAsync(_api.Host, fixture.TokenFor(Roles.Partner, other));
        othersMirror.Items.Keys.ShouldBe([othersHire]);
    }

    [Fact]
    public async Task Shared_talent_mirrors_of_a_partner_and_a_municipality_equal_their_live_lists_after_consents_withdrawals_updates_and_erasures()
    {
        var (region, partner, partnerToken) = await RegionWithPartnerAsync();
        var municipality = await _api.MunicipalityAsync(region.Id, region.MunicipalityNumbers[0], 10_000, Day);
        var municipalityToken = fixture.TokenFor(Roles.Municipality, municipality);
        var partners = new FeedMirror("/api/v1/changes/shared-talents", "talent");
        var municipalities = new FeedMirror("/api/v1/changes/shared-talents", "talent");

        var both = await TalentAsync(region.Id, partners: true, municipalities: true);
        var toPartners = await TalentAsync(region.Id, partners: true, municipalities: false);
        var toMunicipalities = await TalentAsync(region.Id, partners: false, municipalities: true);
        var toNobody = await TalentAsync(region.Id, partners: false, municipalities: false);
        var erased = await TalentAsync(region.Id, partners: true, municipalities: true);
        await partners.SyncAsync(_api.Host, partnerToken, limit: 2);
        await municipalities.SyncAsync(_api.Host, municipalityToken, limit: 2);
        partners.Items.Keys.ShouldBe([both.Id, toPartners.Id, erased.Id], ignoreOrder: true);
        municipalities.Items.Keys.ShouldBe([both.Id, toMunicipalities.Id, erased.Id], ignoreOrder: true);

        // A profile change, a withdrawal, a consent given later, an erasure, and one who shares with nobody giving consent.
        await _api.Host.Scenario(s => s.As(both.Token).Put
            .Json(TalentRequests.ProfileUpdate(both.Request with { FullName = "Priya R. Raman", YearsOfExperience = 9 }, 1))
            .ToUrl($"/api/v1/talents/{both.Id}/profile"));
        await _api.Host.Scenario(s => s.As(toPartners.Token).Delete.Url($"/api/v1/talents/{toPartners.Id}/consents/partners"));
        await _api.Host.Scenario(s => s.As(toMunicipalities.Token).Post.Json(new GiveConsent(ConsentScope.Partners)).ToUrl($"/api/v1/talents/{toMunicipalities.Id}/consents"));
        await _api.Host.Scenario(s => { s.As(erased.Token).Post.Json(new { }).ToUrl($"/api/v1/talents/{erased.Id}/erasure"); s.StatusCodeShouldBe(204); });
        await partners.SyncAsync(_api.Host, partnerToken, limit: 2);
        await municipalities.SyncAsync(_api.Host, municipalityToken, limit: 2);

        partners.ShouldEqual(await LiveSharedTalentsAsync(partnerToken));
        municipalities.ShouldEqual(await LiveSharedTalentsAsync(municipalityToken));
        partners.Items.Keys.ShouldBe([both.Id, toMunicipalities.Id], ignoreOrder: true);
        partners.Items[both.Id].ShouldContain("Priya R. Raman");

        // Tombstones: the id alone; and only to members the talent was shared with (nobody hears of one who never shared).
        var tombstones = partners.Applied.Where(c => c.Kind == ChangeKind.Tombstone).ToList();
        tombstones.Select(c => c.Id).ShouldBe([toPartners.Id, erased.Id], ignoreOrder: true);
        tombstones.ShouldAllBe(c => !c.Page.Contains("@") && !c.Page.Contains("Priya"));
        partners.Applied.ShouldNotContain(c => c.Id == toNobody.Id);
        municipalities.Applied.ShouldNotContain(c => c.Id == toNobody.Id || c.Id == toPartners.Id);

        // Every upsert carries when the consent runs out, so a mirror can forget the talent by itself then.
        var upsert = JsonDocument.Parse(partners.Applied.Last(c => c.Id == both.Id).Page).RootElement;
        upsert.GetProperty("visibleUntil").GetDateTimeOffset().ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddMonths(23));
    }

    [Fact]
    public async Task The_feed_keeps_no_personal_data_and_one_row_per_item_however_often_it_changes()
    {
        var (region, _, partnerToken) = await RegionWithPartnerAsync();
        var talent = await TalentAsync(region.Id, partners: true, municipalities: true);
        for (var version = 1; version <= 3; version++)
        {
            await _api.Host.Scenario(s => s.As(talent.Token).Put
                .Json(TalentRequests.ProfileUpdate(talent.Request with { YearsOfExperience = 10 + version }, version))
                .ToUrl($"/api/v1/talents/{talent.Id}/profile"));
        }
        await _api.Host.Scenario(s => { s.As(talent.Token).Post.Json(new { }).ToUrl($"/api/v1/talents/{talent.Id}/erasure"); s.StatusCodeShouldBe(204); });
        await new FeedMirror("/api/v1/changes/shared-talents", "talent").SyncAsync(_api.Host, partnerToken);

        await using var session = fixture.RegionSession(region.Id);
        var rows = await Marten.QueryableExtensions.ToListAsync(session.Query<SyncChange>().Where(x => x.ItemId == talent.Id));
        rows.Select(r => r.Audience).ShouldBe(["Partners", "Municipalities"], ignoreOrder: true);
        rows.ShouldAllBe(r => r.Kind == ChangeKind.Tombstone);
        var json = string.Join("", rows.Select(r => session.DocumentStore.Options.Serializer().ToJson(r)));
        json.ShouldNotContain(talent.Request.Email);
        json.ShouldNotContain(talent.Request.FullName);
    }

    [Fact]
    public async Task A_bad_cursor_or_page_size_is_a_400_problem()
    {
        var (_, partner, token) = await RegionWithPartnerAsync();
        var hireCursor = ChangeCursor.For(SyncList.Hires, 5);
        foreach (var url in new[]
                 {
                     "/api/v1/changes/vacancies?after=not-a-cursor", $"/api/v1/changes/vacancies?after={hireCursor}",
                     "/api/v1/changes/vacancies?after=" + new string('A', 200), "/api/v1/changes/vacancies?limit=0",
                     $"/api/v1/changes/vacancies?limit={Paging.MaxLimit + 1}", "/api/v1/changes/shared-talents?after=djEuMQ",
                 })
        {
            await _api.Host.Scenario(s =>
            {
                s.As(token).Get.Url(url);
                s.StatusCodeShouldBe(400);
                s.ContentTypeShouldBe("application/problem+json");
            });
        }
        ChangeCursor.TryRead(SyncList.Hires, hireCursor, out var position).ShouldBeTrue();
        position.ShouldBe(5);
    }

    [Fact]
    public async Task A_member_of_another_region_sees_none_of_a_regions_changes()
    {
        var (a, partnerA, tokenA) = await RegionWithPartnerAsync();
        var vacancy = await _api.PostAsync("/api/v1/vacancies", new PostVacancy(Details(a.MunicipalityNumbers[0])), tokenA);
        var talent = await TalentAsync(a.Id, partners: true, municipalities: true);
        await _api.HireAsync(talent.Id, partnerA, Today);
        var ofA = new FeedMirror("/api/v1/changes/vacancies", "vacancy");
        await ofA.SyncAsync(_api.Host, tokenA);
        ofA.Items.Keys.ShouldContain(vacancy);

        var b = await _api.RegionAsync();
        string[] tokensOfB =
        [
            fixture.TokenFor(Roles.Admin, regionId: b.Id), fixture.TokenFor(Roles.Recruiter, regionId: b.Id),
            fixture.TokenFor(Roles.Partner, await _api.PartnerAsync(b.Id, Day)),
        ];
        foreach (var token in tokensOfB)
        {
            foreach (var (feed, item) in new[] { ("vacancies", "vacancy"), ("hires", "hire"), ("shared-talents", "talent"), ("candidates", "candidate") })
            {
                if (feed == "shared-talents" && token == tokensOfB[1]) continue; // recruiters do not read the shared base
                var mirror = new FeedMirror($"/api/v1/changes/{feed}", item);
                await mirror.SyncAsync(_api.Host, token);
                mirror.Applied.ShouldBeEmpty($"region B's {feed} feed");
            }
        }
    }
}
