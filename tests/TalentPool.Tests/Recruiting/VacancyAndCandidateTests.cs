using TalentPool.Regions;
using Alba;
using TalentPool.Auth;
using TalentPool.Candidates;
using TalentPool.Talents;
using TalentPool.Tests.Infrastructure;
using TalentPool.Tests.Talents;
using TalentPool.Vacancies;

namespace TalentPool.Tests.Recruiting;

[Collection(PostgresCollection.Name)]
public sealed class VacancyAndCandidateTests(TalentPoolFixture fixture)
{
    private readonly Api _api = new(fixture);
    private static DateOnly Day(int y, int m, int d) => new(y, m, d);

    private static VacancyDetails Details(string area = "Battery engineering", string municipality = "3403") =>
        new("Process engineer", "Scale up cell production.", area, municipality, 2, Day(2027, 1, 31), ["en"]);

    private RegionDetails? _region;

    /// <summary>A partner of the test's region: the members of a test are another's competitors in one region (regions are tenants).</summary>
    private async Task<(Guid Region, Guid Partner, string Token)> PartnerAsync()
    {
        var region = _region ??= await _api.RegionAsync();
        var partner = await _api.PartnerAsync(region.Id, Day(2026, 1, 1));
        return (region.Id, partner, fixture.TokenFor(Roles.Partner, partner));
    }

    [Fact]
    public async Task A_partner_posts_updates_and_closes_its_vacancy()
    {
        var (_, partner, token) = await PartnerAsync();

        var id = await _api.PostAsync("/api/v1/vacancies", new PostVacancy(Details(), null, null), token);
        await _api.Host.Scenario(s => s.As(token).Put.Json(new UpdateVacancy(1, Details() with { Positions = 3 })).ToUrl($"/api/v1/vacancies/{id}"));
        await _api.Host.Scenario(s =>
        {
            s.As(token).Put.Json(new UpdateVacancy(1, Details() with { Positions = 4 })).ToUrl($"/api/v1/vacancies/{id}");
            s.StatusCodeShouldBe(409);
        });
        await _api.PostAsync($"/api/v1/vacancies/{id}/close", new CloseVacancy(VacancyClosure.Filled), token, 200);
        await _api.PostAsync($"/api/v1/vacancies/{id}/close", new CloseVacancy(VacancyClosure.Withdrawn), token, 409);

        var vacancy = await _api.GetAsync<VacancyView>($"/api/v1/vacancies/{id}", token);
        vacancy.EmployerId.ShouldBe(partner);
        vacancy.Details.Positions.ShouldBe(3);
        vacancy.Status.ShouldBe(VacancyStatus.Closed);
        vacancy.ClosedAs.ShouldBe(VacancyClosure.Filled);
    }

    [Fact]
    public async Task Another_partners_vacancy_does_not_exist_for_a_partner()
    {
        var (_, _, owner) = await PartnerAsync();
        var (_, _, stranger) = await PartnerAsync();
        var id = await _api.PostAsync("/api/v1/vacancies", new PostVacancy(Details(), null, null), owner);

        await _api.Host.Scenario(s => { s.As(stranger).Get.Url($"/api/v1/vacancies/{id}"); s.StatusCodeShouldBe(404); });
        await _api.Host.Scenario(s => { s.As(stranger).Post.Json(new CloseVacancy(VacancyClosure.Withdrawn)).ToUrl($"/api/v1/vacancies/{id}/close"); s.StatusCodeShouldBe(404); });
        await _api.Host.Scenario(s => { s.As(fixture.TokenFor(Roles.Talent, Guid.NewGuid())).Get.Url($"/api/v1/vacancies/{id}"); s.StatusCodeShouldBe(403); });
        var page = await _api.GetAsync<VacancyPage>("/api/v1/vacancies", stranger);
        page.Items.ShouldNotContain(v => v.Id == id);
    }

    [Fact]
    public async Task Vacancies_filter_and_page_by_a_stable_cursor()
    {
        var (_, partner, token) = await PartnerAsync();
        var area = $"Area {Guid.NewGuid():N}";
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++) ids.Add(await _api.PostAsync("/api/v1/vacancies", new PostVacancy(Details(area), null, null), token));
        await _api.PostAsync("/api/v1/vacancies", new PostVacancy(Details("Welding"), null, null), token);
        await _api.PostAsync($"/api/v1/vacancies/{ids[0]}/close", new CloseVacancy(VacancyClosure.Expired), token, 200);

        var first = await _api.GetAsync<VacancyPage>($"/api/v1/vacancies?competenceArea={Uri.EscapeDataString(area)}&status=Open&limit=2", _api.Recruiter);
        // A vacancy posted between pages does not shift the next page.
        await _api.PostAsync("/api/v1/vacancies", new PostVacancy(Details(area), null, null), token);
        var second = await _api.GetAsync<VacancyPage>($"/api/v1/vacancies?competenceArea={Uri.EscapeDataString(area)}&status=Open&limit=2&after={first.Next}", _api.Recruiter);

        first.Items.Select(v => v.Id).ShouldBe([ids[4], ids[3]]);
        second.Items.Select(v => v.Id).ShouldBe([ids[2], ids[1]]);
        second.Next.ShouldBeNull();
        var byPartner = await _api.GetAsync<VacancyPage>($"/api/v1/vacancies?partnerId={partner}", _api.Admin);
        byPartner.Items.Count.ShouldBe(7);
    }

    [Fact]
    public async Task Posting_a_vacancy_answers_400_for_bad_details_and_404_for_an_unknown_employer()
    {
        var (_, _, token) = await PartnerAsync();

        await _api.PostAsync("/api/v1/vacancies", new PostVacancy(Details() with { Title = "", Positions = 0, MunicipalityNumber = "Hamar" }, null, null), token, 400);
        await _api.PostAsync("/api/v1/vacancies", new PostVacancy(Details(), EmployerKind.Partner, Guid.NewGuid()), _api.Admin, 404);
        await _api.PostAsync("/api/v1/vacancies", new PostVacancy(Details(), null, null), _api.Recruiter, 403);
    }

    [Fact]
    public async Task A_consenting_talent_is_introduced_moved_rejected_and_stays_available_to_other_members()
    {
        var (_, _, owner) = await PartnerAsync();
        var (_, _, other) = await PartnerAsync();
        var vacancy = await _api.PostAsync("/api/v1/vacancies", new PostVacancy(Details(), null, null), owner);
        var otherVacancy = await _api.PostAsync("/api/v1/vacancies", new PostVacancy(Details(), null, null), other);
        var talent = await _api.TalentAsync();

        var candidacy = await _api.PostAsync($"/api/v1/vacancies/{vacancy}/candidates", new IntroduceCandidate(talent), owner);
        await _api.PostAsync($"/api/v1/vacancies/{vacancy}/candidates", new IntroduceCandidate(talent), owner, 409);
        await _api.PostAsync($"/api/v1/candidates/{candidacy}/stage", new MoveCandidate(CandidateStage.Interview), owner, 200);
        await _api.PostAsync($"/api/v1/candidates/{candidacy}/stage", new MoveCandidate(CandidateStage.Offer), other, 404);
        await _api.PostAsync($"/api/v1/candidates/{candidacy}/rejection", new RejectCandidate("Another candidate was chosen"), owner, 200);
        await _api.PostAsync($"/api/v1/candidates/{candidacy}/stage", new MoveCandidate(CandidateStage.Offer), owner, 409);

        await _api.PostAsync($"/api/v1/vacancies/{otherVacancy}/candidates", new IntroduceCandidate(talent), other);
        var candidates = await _api.GetAsync<List<CandidateDetails>>($"/api/v1/vacancies/{vacancy}/candidates", owner);
        candidates.ShouldHaveSingleItem().Rejected.ShouldBeTrue();
        candidates[0].Stage.ShouldBe(CandidateStage.Interview);
    }

    [Fact]
    public async Task A_talent_without_consent_to_share_with_partners_is_not_introduced()
    {
        var (_, _, owner) = await PartnerAsync();
        var vacancy = await _api.PostAsync("/api/v1/vacancies", new PostVacancy(Details(), null, null), owner);
        var talent = await _api.PostAsync("/api/v1/talents", TalentRequests.Registration() with { ShareWithPartners = false }, token: "");

        var result = await _api.Host.Scenario(s =>
        {
            s.As(owner).Post.Json(new IntroduceCandidate(talent)).ToUrl($"/api/v1/vacancies/{vacancy}/candidates");
            s.StatusCodeShouldBe(409);
        });

        (await result.ReadProblemAsync()).Detail!.ShouldContain("not consented");
        await _api.PostAsync($"/api/v1/vacancies/{vacancy}/candidates", new IntroduceCandidate(Guid.NewGuid()), owner, 404);
        await _api.PostAsync($"/api/v1/vacancies/{Guid.NewGuid()}/candidates", new IntroduceCandidate(talent), owner, 404);
        await _api.PostAsync($"/api/v1/vacancies/{vacancy}/candidates", new IntroduceCandidate(Guid.Empty), owner, 400);
    }
}
