using TalentPool.Regions;
using Alba;
using TalentPool.Auth;
using TalentPool.Candidates;
using TalentPool.Tests.Infrastructure;
using TalentPool.Vacancies;

namespace TalentPool.Tests.Recruiting;

[Collection(PostgresCollection.Name)]
public sealed class GetCandidateTests(TalentPoolFixture fixture)
{
    private readonly Api _api = new(fixture);

    private RegionDetails? _region;

    /// <summary>A partner of the test's region: another member is one of the same region (regions are tenants).</summary>
    private async Task<string> PartnerTokenAsync()
    {
        var region = _region ??= await _api.RegionAsync();
        return fixture.TokenFor(Roles.Partner, await _api.PartnerAsync(region.Id, new DateOnly(2026, 1, 1)));
    }

    [Fact]
    public async Task A_candidate_reads_back_for_the_vacancys_employer_recruiters_and_admins_and_is_a_404_to_another_member()
    {
        var owner = await PartnerTokenAsync();
        var stranger = await PartnerTokenAsync();
        var vacancy = await _api.PostAsync("/api/v1/vacancies", new PostVacancy(
            new VacancyDetails("Process engineer", "Scale up cell production.", "Battery engineering", "3403", 1, new DateOnly(2027, 1, 31), ["en"]), null, null), owner);
        var talent = await _api.TalentAsync();
        var candidacyId = await _api.PostAsync($"/api/v1/vacancies/{vacancy}/candidates", new IntroduceCandidate(talent), owner);

        foreach (var reader in new[] { owner, _api.Recruiter, _api.Admin })
        {
            var candidacy = await _api.GetAsync<CandidateDetails>($"/api/v1/candidates/{candidacyId}", reader);
            (candidacy.Id, candidacy.VacancyId, candidacy.TalentId, candidacy.Stage).ShouldBe((candidacyId, vacancy, talent, CandidateStage.Introduced));
        }
        await _api.Host.Scenario(s => { s.As(stranger).Get.Url($"/api/v1/candidates/{candidacyId}"); s.StatusCodeShouldBe(404); });
        await _api.Host.Scenario(s => { s.As(fixture.TokenFor(Roles.Talent, talent)).Get.Url($"/api/v1/candidates/{candidacyId}"); s.StatusCodeShouldBe(403); });
    }
}
