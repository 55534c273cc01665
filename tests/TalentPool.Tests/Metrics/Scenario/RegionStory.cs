using System.Text.Json;
using Alba;
using Marten.Events;
using TalentPool.Auth;
using TalentPool.Candidates;
using TalentPool.Hires;
using TalentPool.Municipalities;
using TalentPool.Partners;
using TalentPool.Regions;
using TalentPool.Talents;
using TalentPool.Tests.Infrastructure;
using TalentPool.Vacancies;

namespace TalentPool.Tests.Metrics.Scenario;

/// <summary>Who a talent of the story is: everything the registration says, and nothing personal worth keeping.</summary>
public sealed record Newcomer(
    string Name,
    string Country,
    string[] CompetenceAreas,
    string[] Languages,
    string[] PreferredMunicipalities,
    string? PlusOne = null,
    string? LivesIn = null,
    bool SharesWithPartners = true,
    bool SharesWithMunicipalities = true,
    EducationLevel Education = EducationLevel.Master);

/// <summary>
/// The verbs of the story, each one call of the real HTTP API as the one who does it would make it (an admin, a recruiter,
/// the talent), on a service whose clock the story moves. Moving the clock is no request: a day on which nothing happens
/// costs nothing. Resources are remembered by the names the story gives them ("Ana", "h1", "vA1").
/// </summary>
public sealed class RegionStory(ClockedTalentPool pool)
{
    private readonly string _admin = pool.TokenFor(Roles.Admin);
    private string Recruiter => pool.TokenFor(Roles.Recruiter);
    private readonly Dictionary<string, Guid> _ids = [];

    public ClockedTalentPool Pool => pool;
    public Guid this[string name] => _ids[name];
    public DateOnly Today => DateOnly.FromDateTime(pool.Clock.GetUtcNow().UtcDateTime);

    /// <summary>Morning of a day: what follows happens on it.</summary>
    public void On(int year, int month, int day) => pool.Clock.MoveTo(new DateTimeOffset(year, month, day, 9, 0, 0, TimeSpan.Zero));

    public async Task CountyAndRegionAsync(string county, string[] countyNumbers, string region, string[] regionNumbers)
    {
        _ids[county] = await PostAsync("/api/v1/counties", new RegisterCounty(county, "NO", countyNumbers), _admin);
        _ids[region] = await PostAsync("/api/v1/regions", new RegisterRegion(region, _ids[county], "NO", "NOK", regionNumbers), _admin);
    }

    public Task ConsentValidityAsync(string region, int months) =>
        PostAsync($"/api/v1/regions/{_ids[region]}/consent-validity", new ChangeConsentValidity(months), _admin, 200);

    public Task PriceListAsync(string region, PriceList prices) => PostAsync($"/api/v1/regions/{_ids[region]}/price-lists", prices, _admin, 200);

    public async Task PartnerJoinsAsync(string name, string region, int employees) =>
        _ids[name] = await PostAsync("/api/v1/partners",
            new JoinPartner(_ids[region], name, Api.OrganisationNumber(), employees, Founding: false, JoinedOn: Today), _admin);

    public Task PartnerCancelsAsync(string name, DateOnly effectiveOn) =>
        PostAsync($"/api/v1/partners/{_ids[name]}/cancellation", new CancelPartnerMembership(effectiveOn, "Moves its recruiting elsewhere"), _admin, 200);

    public async Task MunicipalityJoinsAsync(string name, string region, string number, int population) =>
        _ids[name] = await PostAsync("/api/v1/municipalities",
            new JoinMunicipality(_ids[region], number, name, population, Today.Year - 1, Today, LicencePayer.Municipality), _admin);

    public Task MunicipalityLeavesAsync(string name, DateOnly leftOn) =>
        PostAsync($"/api/v1/municipalities/{_ids[name]}/leave", new LeaveMunicipalityMembership(leftOn, "Council decision"), _admin, 200);

    public async Task RegistersAsync(Newcomer talent) =>
        _ids[talent.Name] = await PostAsync("/api/v1/talents", new RegisterTalent(
            FullName: $"{talent.Name} Newcomer",
            Email: $"{talent.Name.ToLowerInvariant()}.{Guid.NewGuid():N}@example.com",
            CountryOfResidence: talent.Country,
            Languages: talent.Languages,
            CompetenceAreas: talent.CompetenceAreas,
            EducationLevel: talent.Education,
            YearsOfExperience: 5,
            PreferredMunicipalities: talent.PreferredMunicipalities,
            HeardAboutUsVia: HeardAboutUsChannel.Ambassador,
            ShareWithPartners: talent.SharesWithPartners,
            ShareWithMunicipalities: talent.SharesWithMunicipalities,
            MunicipalityOfResidence: talent.LivesIn,
            AccompanyingPartner: talent.PlusOne is { } occupation ? new AccompanyingPartner(occupation) : null), token: "");

    /// <summary>The talent moves: the profile says where the talent lives now.</summary>
    public async Task MovesAsync(Newcomer talent, string country, string municipality)
    {
        var current = await GetAsync<TalentProfileView>($"/api/v1/talents/{_ids[talent.Name]}");
        await PutAsync($"/api/v1/talents/{_ids[talent.Name]}/profile", new UpdateTalentProfile(
            current.Version, current.Personal.FullName, current.Personal.Email, country, talent.Languages, talent.CompetenceAreas, talent.Education, 5,
            talent.PreferredMunicipalities, HeardAboutUsChannel.Ambassador, MunicipalityOfResidence: municipality,
            AccompanyingPartner: talent.PlusOne is { } occupation ? new AccompanyingPartner(occupation) : null));
    }

    public async Task GivesConsentAsync(string talent, params ConsentScope[] scopes)
    {
        foreach (var scope in scopes) await PostAsync($"/api/v1/talents/{_ids[talent]}/consents", new GiveConsent(scope), _admin, 200);
    }

    public async Task WithdrawsConsentAsync(string talent, params ConsentScope[] scopes)
    {
        foreach (var scope in scopes)
        {
            await pool.Host.Scenario(s =>
            {
                s.As(_admin).Delete.Url($"/api/v1/talents/{_ids[talent]}/consents/{scope.ToString().ToLowerInvariant()}");
                s.StatusCodeShouldBe(200);
            });
        }
    }

    public Task IsErasedAsync(string talent) => PostAsync($"/api/v1/talents/{_ids[talent]}/erasure", new { }, _admin, 204);

    public async Task PostsVacancyAsync(string name, string employer, string competenceArea, string municipality, int positions) =>
        _ids[name] = await PostAsync("/api/v1/vacancies", new PostVacancy(
            new VacancyDetails($"{competenceArea} ({name})", "Join us", competenceArea, municipality, positions, Today.AddMonths(3), ["en"]),
            EmployerKind.Partner, _ids[employer]), _admin);

    public Task ClosesVacancyAsync(string vacancy) =>
        PostAsync($"/api/v1/vacancies/{_ids[vacancy]}/close", new CloseVacancy(VacancyClosure.Filled), _admin, 200);

    public async Task IntroducesAsync(string vacancy, params string[] talents)
    {
        foreach (var talent in talents)
        {
            _ids[$"{vacancy}/{talent}"] = await PostAsync($"/api/v1/vacancies/{_ids[vacancy]}/candidates", new IntroduceCandidate(_ids[talent]), Recruiter);
        }
    }

    public Task MovesCandidateAsync(string vacancy, string talent, CandidateStage stage) =>
        PostAsync($"/api/v1/candidates/{_ids[$"{vacancy}/{talent}"]}/stage", new MoveCandidate(stage), Recruiter, 200);

    public Task RejectsAsync(string vacancy, string talent) =>
        PostAsync($"/api/v1/candidates/{_ids[$"{vacancy}/{talent}"]}/rejection", new RejectCandidate("Another profile fits better"), Recruiter, 200);

    /// <summary>A recruiter records a hire today (the hire date is the clock's), starting on <paramref name="startsOn"/>.</summary>
    public async Task HiresAsync(string hire, string partner, string talent, DateOnly startsOn, string? vacancy = null) =>
        _ids[hire] = await PostAsync("/api/v1/hires",
            new RecordHire(_ids[talent], _ids[partner], startsOn, vacancy is null ? null : _ids[vacancy]), Recruiter);

    public Task CancelsAsync(string hire) =>
        PostAsync($"/api/v1/hires/{_ids[hire]}/cancellation", new CancelHire(Today, "Within probation"), Recruiter, 200);

    /// <summary>The employment ends today: the talent leaves the region, or stays (moving on to another member's job).</summary>
    public Task EndsAsync(string hire, bool leftRegion) =>
        PostAsync($"/api/v1/hires/{_ids[hire]}/end",
            new EndEmployment(Today, leftRegion, leftRegion ? "Moved away from the region" : "Moved on to another member"), Recruiter, 200);

    public Task PlusOneFindsWorkAsync(string hire, string occupation, string? employer = null) =>
        PostAsync($"/api/v1/hires/{_ids[hire]}/accompanying-partner-employment",
            new RecordAccompanyingPartnerEmployment(Today, occupation, employer is null ? null : _ids[employer]), Recruiter, 200);

    /// <summary>
    /// Waits until the daemon has caught up with every event: under a full parallel suite it may take longer than a
    /// reader's longest wait (<c>waitForWrites</c>, 5 s), and the figures must then be exact.
    /// </summary>
    public Task CatchUpAsync() => pool.Host.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));

    /// <summary>Reads one answer as the service wrote it.</summary>
    public async Task<string> ReadAsync(string url, string token, string accept = "application/json")
    {
        var result = await pool.Host.Scenario(s =>
        {
            s.As(token).Get.Url(url);
            s.WithRequestHeader("Accept", accept);
            s.StatusCodeShouldBe(200);
        });
        return await result.ReadAsTextAsync();
    }

    private async Task<Guid> PostAsync(string url, object body, string token, int status = 201)
    {
        var result = await pool.Host.Scenario(s =>
        {
            s.As(token).Post.Json(body).ToUrl(url);
            s.WithRequestHeader("Idempotency-Key", Guid.NewGuid().ToString());
            s.StatusCodeShouldBe(status);
        });
        return status == 201 ? (await result.ReadAsJsonAsync<JsonElement>()).GetProperty("id").GetGuid() : Guid.Empty;
    }

    private Task PutAsync(string url, object body) => pool.Host.Scenario(s =>
    {
        s.As(_admin).Put.Json(body).ToUrl(url);
        s.StatusCodeShouldBe(200);
    });

    private async Task<T> GetAsync<T>(string url) where T : class
    {
        var result = await pool.Host.Scenario(s => s.As(_admin).Get.Url(url));
        return (await result.ReadAsJsonAsync<T>()).ShouldNotBeNull();
    }
}
