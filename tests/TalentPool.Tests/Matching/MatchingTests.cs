using Alba;
using TalentPool.Auth;
using TalentPool.Candidates;
using TalentPool.Matching;
using TalentPool.Talents;
using TalentPool.Tests.Infrastructure;
using TalentPool.Tests.Talents;
using TalentPool.Vacancies;

namespace TalentPool.Tests.Matching;

/// <summary>
/// One region told through the API: three partners, a vacancy for battery engineers in 3403 (Norwegian and English, a
/// bachelor's, five years: <see cref="MatchScoringTests.Vacancy"/>), and the talents of the hand-worked scores, beside talents
/// who must never appear — one speaking none of the languages, one in another field, one who withdrew consent, one erased,
/// one the employer rejected, one in another region.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class MatchingTests(TalentPoolFixture fixture)
{
    private const string SecretReason = "Did not like the accent in the interview";
    private readonly Api _api = new(fixture);

    private static VacancyDetails Battery(string municipality, string[] languages, EducationLevel? education = null, int? years = null) =>
        new("Cell process engineer", "Scale up cell production.", "Battery engineering", municipality, 1, new DateOnly(2027, 6, 30),
            languages, education, years);

    private sealed record Region(
        string Owner, string Other, Guid Vacancy, Guid OtherVacancy, Guid EarlierVacancy,
        Guid Astrid, Guid Bo, Guid Chen, Guid Dara, Guid Eva, Guid Finn, Guid Gro, Guid Hal, Guid Ivo, Guid Elsewhere);

    private async Task<Guid> TalentAsync(TalentProfile profile, bool shares = true) =>
        await _api.PostAsync("/api/v1/talents", TalentRequests.Registration() with
        {
            Languages = [.. profile.Languages], CompetenceAreas = [.. profile.CompetenceAreas], EducationLevel = profile.EducationLevel,
            YearsOfExperience = profile.YearsOfExperience, PreferredMunicipalities = [.. profile.PreferredMunicipalities],
            AccompanyingPartner = profile.AccompanyingPartner, WillingToRelocate = profile.WillingToRelocate, ShareWithPartners = shares,
        }, token: "");

    private async Task<Region> ArrangeAsync()
    {
        var region = await _api.RegionAsync();
        var day = new DateOnly(2026, 1, 1);
        var (owner, other, third) = (await _api.PartnerAsync(region.Id, day), await _api.PartnerAsync(region.Id, day), await _api.PartnerAsync(region.Id, day));
        string Token(Guid partner) => fixture.TokenFor(Roles.Partner, partner);
        var v = MatchScoringTests.Vacancy;
        var vacancy = await _api.PostAsync("/api/v1/vacancies",
            new PostVacancy(Battery("3403", ["nb", "en"], v.MinimumEducationLevel, v.MinimumYearsOfExperience)), Token(owner));
        var earlier = await _api.PostAsync("/api/v1/vacancies", new PostVacancy(Battery("3407", ["en"])), Token(owner));
        var otherVacancy = await _api.PostAsync("/api/v1/vacancies", new PostVacancy(Battery("3405", ["en"])), Token(other));
        // The "+1"'s openings: a nurse's job at the third partner.
        await _api.PostAsync("/api/v1/vacancies", new PostVacancy(
            new VacancyDetails("Nurse", "Night shifts.", "Nursing", "3405", 2, new DateOnly(2027, 6, 30), [])), Token(third));
        // Closed: never offered to a talent.
        var closed = await _api.PostAsync("/api/v1/vacancies", new PostVacancy(Battery("3405", ["en"])), Token(third));
        await _api.PostAsync($"/api/v1/vacancies/{closed}/close", new CloseVacancy(VacancyClosure.Withdrawn), Token(third), 200);

        var astrid = await TalentAsync(MatchScoringTests.Astrid);
        var bo = await TalentAsync(MatchScoringTests.Bo);
        var chen = await TalentAsync(MatchScoringTests.Chen);
        var dara = await TalentAsync(MatchScoringTests.Dara);
        var eva = await TalentAsync(MatchScoringTests.Profile(["de"], ["3403"], EducationLevel.Master, 8));
        var finn = await TalentAsync(MatchScoringTests.Profile(["nb", "en"], ["3403"], EducationLevel.Master, 8, area: "Nursing"));
        var gro = await TalentAsync(MatchScoringTests.Astrid);
        var hal = await TalentAsync(MatchScoringTests.Astrid);
        var ivo = await TalentAsync(MatchScoringTests.Profile(["nb", "en"], ["3403"], EducationLevel.Master, 10));
        await _api.Host.Scenario(s => s.As(fixture.TokenFor(Roles.Talent, gro)).Delete.Url($"/api/v1/talents/{gro}/consents/partners"));
        await _api.Host.Scenario(s =>
        {
            s.As(fixture.TokenFor(Roles.Talent, hal)).Post.Json(new { }).ToUrl($"/api/v1/talents/{hal}/erasure");
            s.StatusCodeShouldBe(204);
        });
        // The employer rejected Ivo for its earlier vacancy: never offered back to it, offered to the others.
        var candidacy = await _api.PostAsync($"/api/v1/vacancies/{earlier}/candidates", new IntroduceCandidate(ivo), Token(owner));
        await _api.PostAsync($"/api/v1/candidates/{candidacy}/rejection", new RejectCandidate(SecretReason), Token(owner), 200);

        // Another region, with a talent who fits perfectly: registered there, never seen from here.
        await _api.RegionAsync();
        var elsewhere = await TalentAsync(MatchScoringTests.Astrid);
        return new Region(Token(owner), Token(other), vacancy, otherVacancy, earlier, astrid, bo, chen, dara, eva, finn, gro, hal, ivo, elsewhere);
    }

    private async Task<(TalentMatchPage Page, string Json)> MatchesAsync(Guid vacancy, string token, string query = "")
    {
        var result = await _api.Host.Scenario(s => s.As(token).Get.Url($"/api/v1/vacancies/{vacancy}/matches{query}"));
        return ((await result.ReadAsJsonAsync<TalentMatchPage>()).ShouldNotBeNull(), await result.ReadAsTextAsync());
    }

    [Fact]
    public async Task A_vacancys_matches_are_the_hand_ranked_talents_with_their_score_parts_and_no_one_else()
    {
        var region = await ArrangeAsync();

        var (page, json) = await MatchesAsync(region.Vacancy, region.Owner);

        page.Items.Select(m => m.Talent.Id).ShouldBe([region.Astrid, region.Bo, region.Chen, region.Dara]);
        page.Items.Select(m => m.Score).ShouldBe([95, 80, 71, 65]);
        page.Items.Select(m => m.Parts.Select(p => p.Points)).ShouldBe([
            [25, 20, 20, 0, 15, 15, 0], [25, 10, 0, 10, 15, 15, 5], [25, 10, 20, 0, 7, 9, 0], [25, 10, 0, 0, 15, 15, 0]]);
        page.Items[1].Parts.Single(p => p.Factor == MatchFactor.AccompanyingPartner).Reason
            .ShouldBe("The \"+1\"'s occupation has openings in the region.");
        page.Scored.ShouldBe(4);
        page.Next.ShouldBeNull();
        json.ShouldNotContain(SecretReason);
    }

    [Fact]
    public async Task Talents_who_withdrew_consent_were_erased_or_live_in_another_region_never_appear()
    {
        var region = await ArrangeAsync();

        var (page, _) = await MatchesAsync(region.Vacancy, region.Owner);
        var (other, _) = await MatchesAsync(region.OtherVacancy, region.Other);

        Guid[] never = [region.Gro, region.Hal, region.Elsewhere, region.Eva, region.Finn];
        page.Items.Select(m => m.Talent.Id).ShouldNotContain(id => never.Contains(id));
        other.Items.Select(m => m.Talent.Id).ShouldNotContain(id => never.Contains(id));
    }

    [Fact]
    public async Task A_talent_rejected_by_one_member_is_offered_to_another_where_they_fit_never_back_to_the_one_who_rejected()
    {
        var region = await ArrangeAsync();

        var (owners, _) = await MatchesAsync(region.Vacancy, region.Owner);
        var (others, json) = await MatchesAsync(region.OtherVacancy, region.Other);

        owners.Items.Select(m => m.Talent.Id).ShouldNotContain(region.Ivo);
        // The other vacancy (3405, English, nothing else asked): Bo 100; Ivo, Chen and Astrid 75 each, newest first.
        others.Items.Select(m => m.Talent.Id).ShouldBe([region.Bo, region.Ivo, region.Chen, region.Astrid]);
        others.Items.Select(m => m.Score).ShouldBe([100, 75, 75, 75]);
        json.ShouldNotContain(SecretReason);
        json.ShouldNotContain("rejected", Case.Insensitive);
    }

    [Fact]
    public async Task A_vacancys_candidates_are_not_offered_to_it_again()
    {
        var region = await ArrangeAsync();
        await _api.PostAsync($"/api/v1/vacancies/{region.Vacancy}/candidates", new IntroduceCandidate(region.Astrid), region.Owner);

        var (page, _) = await MatchesAsync(region.Vacancy, region.Owner);

        page.Items.Select(m => m.Talent.Id).ShouldBe([region.Bo, region.Chen, region.Dara]);
    }

    [Fact]
    public async Task Matches_page_by_the_cursor_in_rank_order()
    {
        var region = await ArrangeAsync();

        var (first, _) = await MatchesAsync(region.Vacancy, region.Owner, "?limit=3");
        var (second, _) = await MatchesAsync(region.Vacancy, region.Owner, $"?limit=3&after={first.Next}");

        first.Items.Select(m => m.Talent.Id).ShouldBe([region.Astrid, region.Bo, region.Chen]);
        first.Next.ShouldBe($"71_{region.Chen}");
        second.Items.Select(m => m.Talent.Id).ShouldBe([region.Dara]);
        second.Next.ShouldBeNull();
        await _api.Host.Scenario(s =>
        {
            s.As(region.Owner).Get.Url($"/api/v1/vacancies/{region.Vacancy}/matches?after=71");
            s.StatusCodeShouldBe(400);
        });
    }

    [Fact]
    public async Task A_partner_cannot_match_on_another_partners_vacancy_but_recruiters_and_admins_can()
    {
        var region = await ArrangeAsync();

        await _api.Host.Scenario(s => { s.As(region.Other).Get.Url($"/api/v1/vacancies/{region.Vacancy}/matches"); s.StatusCodeShouldBe(404); });
        await _api.Host.Scenario(s => { s.As(region.Owner).Get.Url($"/api/v1/vacancies/{Guid.NewGuid()}/matches"); s.StatusCodeShouldBe(404); });
        (await MatchesAsync(region.Vacancy, fixture.AdminToken())).Page.Items.Count.ShouldBe(4);
    }

    [Fact]
    public async Task A_talent_sees_the_open_vacancies_that_fit_best_first_never_those_of_a_member_who_rejected_them()
    {
        var region = await ArrangeAsync();

        var bo = await _api.GetAsync<VacancyMatchPage>($"/api/v1/talents/{region.Bo}/matching-vacancies", fixture.TokenFor(Roles.Talent, region.Bo));
        var ivo = await _api.GetAsync<VacancyMatchPage>($"/api/v1/talents/{region.Ivo}/matching-vacancies", fixture.TokenFor(Roles.Talent, region.Ivo));

        // Bo: the other vacancy in 3405, which Bo prefers (100); the earlier one in 3407, where Bo would relocate (90); this one (80).
        bo.Items.Select(m => m.Vacancy.Id).ShouldBe([region.OtherVacancy, region.EarlierVacancy, region.Vacancy]);
        bo.Items.Select(m => m.Score).ShouldBe([100, 90, 80]);
        bo.Items[2].Parts.Select(p => p.Points).ShouldBe([25, 10, 0, 10, 15, 15, 5]);
        // Ivo: only the member who did not reject Ivo (25 + 20 + 0 + 0 + 15 + 15 + 0).
        ivo.Items.Select(m => m.Vacancy.Id).ShouldBe([region.OtherVacancy]);
        ivo.Items.Single().Score.ShouldBe(75);
        await _api.Host.Scenario(s =>
        {
            s.As(fixture.TokenFor(Roles.Talent, region.Bo)).Get.Url($"/api/v1/talents/{region.Ivo}/matching-vacancies");
            s.StatusCodeShouldBe(403);
        });
        await _api.Host.Scenario(s =>
        {
            s.As(fixture.AdminToken()).Get.Url($"/api/v1/talents/{region.Hal}/matching-vacancies");
            s.StatusCodeShouldBe(404);
        });
    }
}
