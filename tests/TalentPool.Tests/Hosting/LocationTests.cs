using Alba;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.Extensions.DependencyInjection;
using TalentPool.Auth;
using TalentPool.Candidates;
using TalentPool.Hires;
using TalentPool.Hosting;
using TalentPool.Municipalities;
using TalentPool.Partners;
using TalentPool.Regions;
using TalentPool.SavedSearches;
using TalentPool.Talents;
using TalentPool.Tests.Infrastructure;
using TalentPool.Tests.Talents;
using TalentPool.Vacancies;
using TalentPool.Webhooks;

namespace TalentPool.Tests.Hosting;

/// <summary>
/// Every endpoint that answers 201, found from the running service itself, creates a resource as its usual
/// caller does; the <c>Location</c> it answers must then resolve with GET for that same caller. A new endpoint
/// that creates something fails here until it has a scenario below.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class LocationTests(TalentPoolFixture fixture)
{
    private static readonly DateOnly Day = new(2026, 1, 1);
    private readonly Api _api = new(fixture);

    /// <summary>What a creation answered, and the token of the caller who created it.</summary>
    private sealed record Created(IScenarioResult Result, string? CreatorToken);

    private Task<IScenarioResult> Post(string url, object body, string? token, string? idempotencyKey = null) => _api.Host.Scenario(s =>
    {
        s.As(token).Post.Json(body).ToUrl(url);
        if (idempotencyKey is not null) s.WithRequestHeader("Idempotency-Key", idempotencyKey);
        s.StatusCodeShouldBe(201);
    });

    private async Task<(Guid Region, Guid Partner, string PartnerToken)> PartnerAsync()
    {
        var region = await _api.RegionAsync();
        var partner = await _api.PartnerAsync(region.Id, Day);
        return (region.Id, partner, fixture.TokenFor(Roles.Partner, partner));
    }

    private static VacancyDetails Vacancy => new("Process engineer", "Scale up cell production.", "Battery engineering", "3403", 1, Day.AddYears(1), ["en"]);

    /// <summary>Each creating endpoint, exercised as its usual caller exercises it.</summary>
    private Dictionary<string, Func<Task<Created>>> Scenarios() => new()
    {
        ["POST /api/v1/talents"] = async () =>
        {
            // The talent registers anonymously and reads itself with the token the answer carries.
            var result = await Post("/api/v1/talents", TalentRequests.Registration(), token: null);
            return new Created(result, (await result.ReadAsJsonAsync<TalentRegisteredResponse>())!.AccessToken);
        },
        ["POST /api/v1/counties"] = async () =>
            new Created(await Post("/api/v1/counties", new RegisterCounty("Innlandet", "NO", [Api.UniqueNumber()]), _api.Admin), _api.Admin),
        ["POST /api/v1/regions"] = async () =>
        {
            var number = Api.UniqueNumber();
            var county = await _api.CountyAsync(number);
            return new Created(await Post("/api/v1/regions", new RegisterRegion("Hamarregionen", county, "NO", "NOK", [number], null, null, null), _api.Admin), _api.Admin);
        },
        ["POST /api/v1/partners"] = async () =>
        {
            var region = await _api.RegionAsync();
            return new Created(await Post("/api/v1/partners", new JoinPartner(region.Id, "Mjøsbruket AS", "923609016", 120, false, Day), _api.Admin), _api.Admin);
        },
        ["POST /api/v1/municipalities"] = async () =>
        {
            var number = Api.UniqueNumber();
            var region = await _api.RegionAsync(number);
            return new Created(await Post("/api/v1/municipalities",
                new JoinMunicipality(region.Id, number, "Hamar", 32_879, 2024, Day, LicencePayer.Municipality), _api.Admin), _api.Admin);
        },
        ["POST /api/v1/vacancies"] = async () =>
        {
            var (_, _, partner) = await PartnerAsync();
            return new Created(await Post("/api/v1/vacancies", new PostVacancy(Vacancy, null, null), partner), partner);
        },
        ["POST /api/v1/vacancies/{vacancyId}/candidates"] = async () =>
        {
            var (_, _, partner) = await PartnerAsync();
            var vacancy = await _api.PostAsync("/api/v1/vacancies", new PostVacancy(Vacancy, null, null), partner);
            var talent = await _api.TalentAsync();
            return new Created(await Post($"/api/v1/vacancies/{vacancy}/candidates", new IntroduceCandidate(talent), partner), partner);
        },
        ["POST /api/v1/hires"] = async () =>
        {
            var (_, partner, _) = await PartnerAsync();
            var talent = await _api.TalentAsync();
            return new Created(await Post("/api/v1/hires", new RecordHire(talent, partner, Day, HiredOn: Day), _api.Recruiter, Guid.NewGuid().ToString()), _api.Recruiter);
        },
        ["POST /api/v1/webhooks"] = async () =>
        {
            var (_, _, partner) = await PartnerAsync();
            return new Created(await Post("/api/v1/webhooks", new RegisterWebhook("https://hooks.example.com/talentpool", [WebhookEventKind.HireRecorded]), partner), partner);
        },
        ["POST /api/v1/saved-searches"] = async () =>
        {
            var (_, _, partner) = await PartnerAsync();
            return new Created(await Post("/api/v1/saved-searches", new SaveSearch("Battery engineers", CompetenceArea: "Battery engineering"), partner), partner);
        },
    };

    private List<string> CreatingEndpoints() => fixture.Host.Services.GetRequiredService<IApiDescriptionGroupCollectionProvider>().ApiDescriptionGroups.Items
        .SelectMany(group => group.Items)
        .Where(api => api.RelativePath?.StartsWith("api/") == true && api.SupportedResponseTypes.Any(response => response.StatusCode == 201))
        .Select(api => $"{api.HttpMethod} /{api.RelativePath}")
        .ToList();

    [Fact]
    public async Task Every_201_answers_a_Location_that_resolves_with_GET_for_the_caller_who_created_it()
    {
        var creating = CreatingEndpoints();
        var scenarios = Scenarios();
        creating.Count.ShouldBeGreaterThanOrEqualTo(8);
        creating.Except(scenarios.Keys).ShouldBeEmpty("Give these creating endpoints a scenario in LocationTests");

        foreach (var endpoint in creating)
        {
            var created = await scenarios[endpoint]();
            var location = created.Result.Context.Response.Headers.Location.ToString();
            // Every 201 body names the id and url of the new resource (a talent's also carries its token).
            var body = await created.Result.ReadAsJsonAsync<System.Text.Json.JsonElement>();
            var (id, url) = (body.GetProperty("id").GetGuid(), body.GetProperty("url").GetString());
            location.ShouldBe(url, endpoint);
            location.ShouldEndWith(id.ToString(), Case.Insensitive, endpoint);

            var read = await _api.Host.Scenario(s =>
            {
                s.As(created.CreatorToken).Get.Url(location);
                s.StatusCodeShouldBe(200);
            });
            (await read.ReadAsTextAsync()).ShouldContain($"\"id\":\"{id}\"", Case.Insensitive, endpoint);
        }
    }
}
