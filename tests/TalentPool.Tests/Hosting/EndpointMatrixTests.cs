using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.DependencyInjection;
using TalentPool.Auth;
using TalentPool.Candidates;
using TalentPool.Hires;
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
/// Every endpoint of the API, found from the running service itself, is called with every role and with
/// no token, and must answer exactly as its declared rule says (401, 403, or what an allowed caller gets);
/// it must also refuse a body that is not JSON (400) and name an unknown resource (404). A new endpoint
/// fails here until its access rule, and a sample request, are declared.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class EndpointMatrixTests(TalentPoolFixture fixture)
{
    private static readonly DateOnly Day = new(2026, 3, 1);

    /// <summary>A valid body per request type, so that "unknown resource" is the only thing wrong with the request.</summary>
    internal static readonly Dictionary<Type, object> Samples = new()
    {
        [typeof(TalentPool.Billing.ReopenBillingPeriod)] = new TalentPool.Billing.ReopenBillingPeriod("Closed too early"),
        [typeof(RegisterCounty)] = new RegisterCounty("Innlandet", "NO", ["3403", "3411", "3412", "3413"]),
        [typeof(RecordCountyMunicipalities)] = new RecordCountyMunicipalities("NO", ["3403", "3411"], Day),
        [typeof(RegisterRegion)] = new RegisterRegion("Nowhere", Guid.NewGuid(), "NO", "NOK", ["3403"], null, null, null),
        [typeof(JoinPartner)] = new JoinPartner(Guid.NewGuid(), "Ghost AS", "923609016", 10, false, Day),
        [typeof(JoinMunicipality)] = new JoinMunicipality(Guid.NewGuid(), "3403", "Hamar", 32_000, 2025, Day, LicencePayer.Municipality),
        [typeof(PostVacancy)] = new PostVacancy(new VacancyDetails("Title", "Text", "Area", "3403", 1, Day, ["en"]), EmployerKind.Partner, Guid.NewGuid()),
        [typeof(RecordHire)] = new RecordHire(Guid.NewGuid(), Guid.NewGuid(), Day, HiredOn: Day),
        [typeof(UpdateTalentProfile)] = TalentRequests.ProfileUpdate(TalentRequests.Registration(), 1),
        [typeof(GiveConsent)] = new GiveConsent(ConsentScope.Partners),
        [typeof(GiveOtherRegionsConsent)] = new GiveOtherRegionsConsent(EveryRegion: false, Regions: [Guid.NewGuid()]),
        [typeof(PriceList)] = PriceList.Defaults(Day),
        [typeof(ChangePartnerTier)] = new ChangePartnerTier(false, 10, Day),
        [typeof(CancelPartnerMembership)] = new CancelPartnerMembership(Day, "Reason"),
        [typeof(RejoinPartner)] = new RejoinPartner(false, 10, Day),
        [typeof(UpdatePopulation)] = new UpdatePopulation(10_000, 2026, Day),
        [typeof(ChangeLicencePayer)] = new ChangeLicencePayer(LicencePayer.RegionalCouncil, Day),
        [typeof(LeaveMunicipalityMembership)] = new LeaveMunicipalityMembership(Day, "Reason"),
        [typeof(RejoinMunicipality)] = new RejoinMunicipality(Day),
        [typeof(UpdateVacancy)] = new UpdateVacancy(1, new VacancyDetails("Title", "Text", "Area", "3403", 1, Day, ["en"])),
        [typeof(CloseVacancy)] = new CloseVacancy(VacancyClosure.Withdrawn),
        [typeof(IntroduceCandidate)] = new IntroduceCandidate(Guid.NewGuid()),
        [typeof(MoveCandidate)] = new MoveCandidate(CandidateStage.Interview),
        [typeof(RejectCandidate)] = new RejectCandidate("Reason"),
        [typeof(CancelHire)] = new CancelHire(Day, "Reason"),
        [typeof(EndEmployment)] = new EndEmployment(Day, true, "Reason"),
        [typeof(RecordAccompanyingPartnerEmployment)] = new RecordAccompanyingPartnerEmployment(Day, "Nurse"),
        [typeof(ChangeConsentValidity)] = new ChangeConsentValidity(12),
        [typeof(SetLongRangeGoal)] = new SetLongRangeGoal(10_000, "2030-12"),
        [typeof(CorrectPriceList)] = new CorrectPriceList(PriceList.Defaults(Day), "Reason"),
        [typeof(CorrectPartnerTier)] = new CorrectPartnerTier(false, 10, Day, "Reason"),
        [typeof(CorrectPopulation)] = new CorrectPopulation(10_000, 2026, Day, "Reason"),
        [typeof(CorrectLicencePayer)] = new CorrectLicencePayer(LicencePayer.RegionalCouncil, Day, "Reason"),
        [typeof(RegisterWebhook)] = new RegisterWebhook("https://example.com/hooks/talentpool", [WebhookEventKind.HireRecorded], EmployerKind.Partner, Guid.NewGuid()),
        [typeof(SaveSearch)] = new SaveSearch("Battery engineers", CompetenceArea: "Battery engineering", Language: "en", Country: "IN",
            PreferredMunicipality: "3403", EducationLevel: EducationLevel.Master, MinYearsOfExperience: 3, HasAccompanyingPartner: true,
            RegisteredSince: Day, Search: "battery or cell", MemberKind: EmployerKind.Partner, MemberId: Guid.NewGuid()),
    };

    private const string Admin = Roles.Admin, Partner = Roles.Partner, Municipality = Roles.Municipality, Recruiter = Roles.Recruiter, Talent = Roles.Talent;
    private static readonly string[] Everyone = [Admin, Partner, Municipality, Recruiter, Talent];
    private static readonly string[] Employers = [Admin, Partner, Municipality];
    private static readonly string[] Recruiting = [Admin, Partner, Municipality, Recruiter];
    private static readonly string[] Hiring = [Admin, Recruiter];
    private static readonly string[] MembersAndAdmin = [Admin, Partner, Municipality];

    /// <summary>
    /// Who may call each endpoint, and what an allowed caller gets when the ids in the route (or body) name
    /// nothing that exists. "Public" endpoints answer every caller, with or without a token. A partner,
    /// municipality or talent token speaks for the same id that the route names for its kind.
    /// </summary>
    private static readonly Dictionary<string, (string[] Allowed, int Status, bool Public)> Rules = new()
    {
        ["POST /api/v1/talents"] = (Everyone, 201, true),
        ["GET /api/v1/talents/{talentId}"] = ([Admin, Talent], 404, false),
        ["PUT /api/v1/talents/{talentId}/profile"] = ([Admin, Talent], 404, false),
        ["POST /api/v1/talents/{talentId}/consents"] = ([Admin, Talent], 404, false),
        ["DELETE /api/v1/talents/{talentId}/consents/{scope}"] = ([Admin, Talent], 404, false),
        ["POST /api/v1/talents/{talentId}/erasure"] = ([Admin, Talent], 404, false),
        ["POST /api/v1/talents/{talentId}/access-token"] = ([Admin, Talent], 404, false),
        ["GET /api/v1/talents/{talentId}/matching-vacancies"] = ([Admin, Talent], 404, false),
        ["POST /api/v1/talents/{talentId}/other-regions-consent"] = ([Admin, Talent], 404, false),
        ["DELETE /api/v1/talents/{talentId}/other-regions-consent"] = ([Admin, Talent], 404, false),
        ["GET /api/v1/shared-talents"] = (Employers, 200, false),
        ["GET /api/v1/shared-talents/{talentId}"] = (Employers, 404, false),
        ["GET /api/v1/changes/vacancies"] = (Recruiting, 200, false),
        ["GET /api/v1/changes/candidates"] = (Recruiting, 200, false),
        ["GET /api/v1/changes/hires"] = ([Admin, Partner, Recruiter], 200, false),
        ["GET /api/v1/changes/shared-talents"] = (Employers, 200, false),
        ["GET /api/v1/changes/statements"] = (Employers, 200, false),
        ["POST /api/v1/counties"] = ([Admin], 201, false),
        ["GET /api/v1/counties"] = (Everyone, 200, false),
        ["GET /api/v1/counties/{countyId}"] = (Everyone, 404, false),
        ["POST /api/v1/counties/{countyId}/municipalities"] = ([Admin], 404, false),
        ["GET /api/v1/regions"] = (Everyone, 200, false),
        ["POST /api/v1/regions"] = ([Admin], 404, false),
        ["GET /api/v1/regions/{regionId}"] = (Everyone, 404, false),
        ["POST /api/v1/regions/{regionId}/price-lists"] = ([Admin], 404, false),
        ["POST /api/v1/regions/{regionId}/price-lists/corrections"] = ([Admin], 404, false),
        ["POST /api/v1/regions/{regionId}/consent-validity"] = ([Admin], 404, false),
        ["POST /api/v1/regions/{regionId}/long-range-goal"] = ([Admin], 404, false),
        ["GET /api/v1/regions/{regionId}/partners"] = ([Admin], 404, false),
        ["POST /api/v1/partners"] = ([Admin], 404, false),
        ["POST /api/v1/partners/{partnerId}/tier"] = ([Admin], 404, false),
        ["POST /api/v1/partners/{partnerId}/tier/corrections"] = ([Admin], 404, false),
        ["POST /api/v1/partners/{partnerId}/cancellation"] = ([Admin], 404, false),
        ["POST /api/v1/partners/{partnerId}/rejoin"] = ([Admin], 404, false),
        ["GET /api/v1/partners/{partnerId}"] = ([Admin, Partner], 404, false),
        ["POST /api/v1/municipalities"] = ([Admin], 404, false),
        ["POST /api/v1/municipalities/{municipalityId}/population"] = ([Admin], 404, false),
        ["POST /api/v1/municipalities/{municipalityId}/payer"] = ([Admin], 404, false),
        ["POST /api/v1/municipalities/{municipalityId}/population/corrections"] = ([Admin], 404, false),
        ["POST /api/v1/municipalities/{municipalityId}/payer/corrections"] = ([Admin], 404, false),
        ["POST /api/v1/municipalities/{municipalityId}/leave"] = ([Admin], 404, false),
        ["POST /api/v1/municipalities/{municipalityId}/rejoin"] = ([Admin], 404, false),
        ["GET /api/v1/municipalities/{municipalityId}"] = ([Admin, Municipality], 404, false),
        ["POST /api/v1/vacancies"] = (Employers, 404, false),
        ["GET /api/v1/vacancies"] = (Recruiting, 200, false),
        ["GET /api/v1/vacancies/{vacancyId}"] = (Recruiting, 404, false),
        ["PUT /api/v1/vacancies/{vacancyId}"] = (Employers, 404, false),
        ["POST /api/v1/vacancies/{vacancyId}/close"] = (Employers, 404, false),
        ["POST /api/v1/vacancies/{vacancyId}/candidates"] = (Recruiting, 404, false),
        ["GET /api/v1/vacancies/{vacancyId}/candidates"] = (Recruiting, 404, false),
        ["GET /api/v1/vacancies/{vacancyId}/matches"] = (Recruiting, 404, false),
        ["GET /api/v1/candidates/{candidacyId}"] = (Recruiting, 404, false),
        ["POST /api/v1/candidates/{candidacyId}/stage"] = (Recruiting, 404, false),
        ["POST /api/v1/candidates/{candidacyId}/rejection"] = (Recruiting, 404, false),
        ["POST /api/v1/hires"] = (Hiring, 404, false),
        ["GET /api/v1/hires/{hireId}"] = (Hiring, 404, false),
        ["POST /api/v1/hires/{hireId}/cancellation"] = (Hiring, 404, false),
        ["POST /api/v1/hires/{hireId}/end"] = (Hiring, 404, false),
        ["POST /api/v1/hires/{hireId}/accompanying-partner-employment"] = (Hiring, 404, false),
        ["GET /api/v1/partners/{partnerId}/statements/{month}"] = ([Admin, Partner], 404, false),
        ["GET /api/v1/partners/{partnerId}/dashboard"] = ([Admin, Partner], 404, false),
        ["GET /api/v1/municipalities/{municipalityId}/statements/{month}"] = ([Admin, Municipality], 404, false),
        ["GET /api/v1/municipalities/{municipalityId}/dashboard"] = ([Admin, Municipality], 404, false),
        ["GET /api/v1/regions/{regionId}/statements/{month}"] = ([Admin], 404, false),
        ["GET /api/v1/regions/{regionId}/metrics/hires-per-month"] = (Employers, 404, false),
        ["GET /api/v1/regions/{regionId}/metrics/monthly"] = (Employers, 404, false),
        ["GET /api/v1/regions/{regionId}/metrics/member-churn"] = (Employers, 404, false),
        ["GET /api/v1/regions/{regionId}/metrics/target-markets"] = (Employers, 404, false),
        ["GET /api/v1/regions/{regionId}/metrics/goals"] = (Employers, 404, false),
        ["GET /api/v1/regions/{regionId}/metrics/retention"] = (Employers, 404, false),
        ["POST /api/v1/regions/{regionId}/billing-periods/{month}/close"] = ([Admin], 404, false),
        ["POST /api/v1/regions/{regionId}/billing-periods/{month}/reopen"] = ([Admin], 404, false),
        ["GET /api/v1/audit/streams/{streamId}"] = ([Admin], 404, false),
        ["POST /api/v1/webhooks"] = (MembersAndAdmin, 404, false),
        ["GET /api/v1/webhooks"] = (MembersAndAdmin, 200, false),
        ["GET /api/v1/webhooks/{webhookId}"] = (MembersAndAdmin, 404, false),
        ["DELETE /api/v1/webhooks/{webhookId}"] = (MembersAndAdmin, 404, false),
        ["POST /api/v1/webhooks/{webhookId}/secret"] = (MembersAndAdmin, 404, false),
        ["POST /api/v1/webhooks/{webhookId}/pause"] = (MembersAndAdmin, 404, false),
        ["POST /api/v1/webhooks/{webhookId}/resume"] = (MembersAndAdmin, 404, false),
        ["GET /api/v1/webhooks/{webhookId}/deliveries"] = (MembersAndAdmin, 404, false),
        ["POST /api/v1/webhooks/{webhookId}/deliveries/{deliveryId}/replay"] = (MembersAndAdmin, 404, false),
        ["POST /api/v1/saved-searches"] = (MembersAndAdmin, 404, false),
        ["GET /api/v1/saved-searches"] = (MembersAndAdmin, 200, false),
        ["GET /api/v1/saved-searches/{savedSearchId}"] = (MembersAndAdmin, 404, false),
        ["DELETE /api/v1/saved-searches/{savedSearchId}"] = (MembersAndAdmin, 404, false),
    };

    // The ids the route names and the member tokens speak for.
    private static readonly Guid TalentId = Guid.NewGuid(), PartnerId = Guid.NewGuid(), MunicipalityId = Guid.NewGuid();

    private string? TokenAs(string? role) => role switch
    {
        null => null,
        Talent => fixture.TokenFor(Talent, TalentId),
        Partner => fixture.TokenFor(Partner, PartnerId),
        Municipality => fixture.TokenFor(Municipality, MunicipalityId),
        _ => fixture.TokenFor(role),
    };

    private sealed record Endpoint(string Method, string Route, Type? Body)
    {
        /// <summary>The route with these values in its parameters (the others fresh ids).</summary>
        public string Url(IReadOnlyDictionary<string, string> values) => string.Join('/', Route.Split('/')
            .Select(segment => values.TryGetValue(segment, out var value) ? value : segment.StartsWith('{') ? Guid.NewGuid().ToString() : segment));

        public override string ToString() => $"{Method} {Route}";
        public bool NamesAResource => Route.Contains("Id}");

        /// <summary>The route with fresh ids and valid values in its parameters.</summary>
        public string Url() => string.Join('/', Route.Split('/').Select(segment => segment switch
        {
            "{talentId}" => TalentId.ToString(),
            "{partnerId}" => PartnerId.ToString(),
            "{municipalityId}" => MunicipalityId.ToString(),
            "{month}" => "2026-03",
            "{scope}" => "partners",
            _ when segment.StartsWith('{') => Guid.NewGuid().ToString(),
            _ => segment,
        }));
    }

    private List<Endpoint> Endpoints()
    {
        var endpoints = fixture.Host.Services.GetRequiredService<IApiDescriptionGroupCollectionProvider>().ApiDescriptionGroups.Items
            .SelectMany(group => group.Items)
            .Where(api => api.RelativePath?.StartsWith("api/") == true)
            .Select(api => new Endpoint(api.HttpMethod!, "/" + api.RelativePath!,
                api.ParameterDescriptions.FirstOrDefault(p => p.Source == BindingSource.Body)?.Type))
            .ToList();
        endpoints.Count.ShouldBeGreaterThan(30);
        endpoints.Count(e => e.Body is not null).ShouldBeGreaterThan(20);
        endpoints.Count(e => e.NamesAResource).ShouldBeGreaterThan(20);
        return endpoints;
    }

    private async Task<HttpStatusCode> Send(Endpoint endpoint, string? token, HttpContent? body = null)
    {
        using var client = fixture.Host.Server.CreateClient();
        if (token is not null) client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), endpoint.Url())
        {
            Content = body ?? (endpoint.Method is "GET" or "DELETE" ? null : JsonContent.Create(SampleFor(endpoint.Body), options: Json.Options)),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        return (await client.SendAsync(request)).StatusCode;
    }

    internal static object SampleFor(Type? body) => body switch
    {
        null => new object(),
        _ when body == typeof(RegisterTalent) => TalentRequests.Registration(),
        _ => Samples.GetValueOrDefault(body) ?? new object(),
    };

    [Fact]
    public async Task Every_endpoint_answers_every_role_and_no_token_exactly_as_its_rule_says()
    {
        // The installation's administrator names a region (TestRegions): one exists, as in any installation that serves.
        await new Api(fixture).RegionAsync();
        var undeclared = Endpoints().Where(e => !Rules.ContainsKey(e.ToString())).Select(e => e.ToString()).ToList();
        undeclared.ShouldBeEmpty("Declare who may call these endpoints in the access rules");

        foreach (var endpoint in Endpoints())
        {
            var rule = Rules[endpoint.ToString()];
            foreach (var role in new string?[] { null, Admin, Partner, Municipality, Recruiter, Talent })
            {
                var expected = role is null
                    ? rule.Public ? rule.Status : 401
                    : rule.Allowed.Contains(role) ? rule.Status : 403;
                // Every token but the installation administrator's belongs to a region, and the route names another: 403.
                if (role is not null and not Admin && endpoint.Route.Contains("{regionId}")) expected = 403;
                ((int)await Send(endpoint, TokenAs(role))).ShouldBe(expected, $"{endpoint} as {role ?? "no token"}");
            }
        }
    }

    [Fact]
    public async Task Every_endpoint_with_a_body_answers_400_to_one_that_is_not_JSON()
    {
        await new Api(fixture).RegionAsync();
        foreach (var endpoint in Endpoints().Where(e => e.Body is not null))
        {
            var broken = new StringContent("{\"half\": ", Encoding.UTF8, "application/json");
            (await Send(endpoint, fixture.AdminToken(), broken)).ShouldBe(HttpStatusCode.BadRequest, endpoint.ToString());
        }
    }

    [Fact]
    public async Task Every_endpoint_that_names_a_resource_answers_404_when_it_does_not_exist()
    {
        await new Api(fixture).RegionAsync();
        foreach (var endpoint in Endpoints().Where(e => e.NamesAResource))
        {
            if (endpoint.Body is { } body) Samples.ShouldContainKey(body, $"{endpoint}: add a valid sample {body.Name} to {nameof(Samples)}");
            (await Send(endpoint, fixture.AdminToken())).ShouldBe(HttpStatusCode.NotFound, endpoint.ToString());
        }
    }

    /// <summary>The installation's own endpoints (geography, the region registry) and a registration (which lands in the caller's region).</summary>
    private static readonly HashSet<string> InstallationWide =
    [
        "POST /api/v1/talents", "POST /api/v1/counties", "GET /api/v1/counties", "GET /api/v1/counties/{countyId}",
        "POST /api/v1/counties/{countyId}/municipalities", "POST /api/v1/regions",
    ];

    /// <summary>Lists: they answer 200, with the caller's region's items only.</summary>
    private static readonly HashSet<string> Lists =
    [
        "GET /api/v1/regions", "GET /api/v1/shared-talents", "GET /api/v1/vacancies", "GET /api/v1/webhooks", "GET /api/v1/saved-searches",
        "GET /api/v1/changes/vacancies", "GET /api/v1/changes/candidates", "GET /api/v1/changes/hires", "GET /api/v1/changes/shared-talents",
        "GET /api/v1/changes/statements",
    ];

    [Fact]
    public async Task Every_endpoint_called_with_another_regions_tokens_on_a_regions_resources_answers_403_or_404_and_changes_nothing_there()
    {
        // Region A with one of everything; region B with its own members and a talent.
        var api = new Api(fixture);
        var a = await api.RegionAsync();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var partnerA = await api.PartnerAsync(a.Id, Day);
        var municipalityA = await api.MunicipalityAsync(a.Id, a.MunicipalityNumbers[0], 10_000, Day);
        var talentA = await api.TalentAsync();
        var vacancyA = await api.PostAsync("/api/v1/vacancies",
            new PostVacancy(new VacancyDetails("Welder", "Welds", "Welding", a.MunicipalityNumbers[0], 1, today.AddMonths(2), ["en"]), EmployerKind.Partner, partnerA));
        var candidacyA = await api.PostAsync($"/api/v1/vacancies/{vacancyA}/candidates", new IntroduceCandidate(talentA), api.Recruiter);
        // A webhook of A's partner, paused so that the hire's delivery stays queued in A's log (nothing is sent anywhere).
        var webhooksOfA = new Webhooks.WebhookApi(fixture);
        var partnerTokenA = fixture.TokenFor(Partner, partnerA);
        var webhookA = (await webhooksOfA.RegisterAsync(partnerTokenA, "http://127.0.0.1:9/hooks", WebhookEventKind.HireRecorded)).Id;
        (await webhooksOfA.SendAsync(HttpMethod.Post, $"/api/v1/webhooks/{webhookA}/pause", partnerTokenA)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var hireA = await api.HireAsync(talentA, partnerA, Day);
        var deliveryA = (await webhooksOfA.WaitForLogAsync(partnerTokenA, webhookA, page => page.Items.Count == 1)).Items[0].Id;
        var savedSearchA = await api.PostAsync("/api/v1/saved-searches", new SaveSearch("Welders", CompetenceArea: "Welding"), partnerTokenA);
        var b = await api.RegionAsync();
        var partnerB = await api.PartnerAsync(b.Id, Day);
        var municipalityB = await api.MunicipalityAsync(b.Id, b.MunicipalityNumbers[0], 10_000, Day);
        var talentB = await api.TalentAsync();
        var eventsOfA = await EventCountAsync(a.Id);

        var ofA = new Dictionary<string, string>
        {
            ["{talentId}"] = talentA.ToString(), ["{partnerId}"] = partnerA.ToString(), ["{municipalityId}"] = municipalityA.ToString(),
            ["{regionId}"] = a.Id.ToString(), ["{vacancyId}"] = vacancyA.ToString(), ["{candidacyId}"] = candidacyA.ToString(),
            ["{hireId}"] = hireA.ToString(), ["{streamId}"] = partnerA.ToString(), ["{month}"] = "2026-03", ["{scope}"] = "partners",
            ["{webhookId}"] = webhookA.ToString(), ["{deliveryId}"] = deliveryA.ToString(), ["{savedSearchId}"] = savedSearchA.ToString(),
        };
        var bodiesNamingA = new Dictionary<Type, object>
        {
            [typeof(JoinPartner)] = new JoinPartner(a.Id, "Intruder AS", Api.OrganisationNumber(), 10, false, Day),
            [typeof(JoinMunicipality)] = new JoinMunicipality(a.Id, a.MunicipalityNumbers[0], "Hamar", 32_000, 2025, Day, LicencePayer.Municipality),
            [typeof(PostVacancy)] = new PostVacancy(new VacancyDetails("Title", "Text", "Area", a.MunicipalityNumbers[0], 1, today.AddMonths(2), ["en"]), EmployerKind.Partner, partnerA),
            [typeof(RecordHire)] = new RecordHire(talentA, partnerA, Day, HiredOn: Day),
            [typeof(IntroduceCandidate)] = new IntroduceCandidate(talentA),
            [typeof(RegisterWebhook)] = new RegisterWebhook("https://example.com/hooks/talentpool", [WebhookEventKind.HireRecorded], EmployerKind.Partner, partnerA),
            [typeof(SaveSearch)] = new SaveSearch("Welders", CompetenceArea: "Welding", MemberKind: EmployerKind.Partner, MemberId: partnerA),
        };
        var tokensOfB = new Dictionary<string, string>
        {
            [Admin] = fixture.TokenFor(Admin, regionId: b.Id), [Partner] = fixture.TokenFor(Partner, partnerB),
            [Municipality] = fixture.TokenFor(Municipality, municipalityB), [Recruiter] = fixture.TokenFor(Recruiter, regionId: b.Id),
            [Talent] = fixture.TokenFor(Talent, talentB),
        };
        string[] idsOfA =
            [a.Id.ToString(), talentA.ToString(), partnerA.ToString(), municipalityA.ToString(), vacancyA.ToString(), webhookA.ToString(), savedSearchA.ToString()];

        var leaks = new List<string>();
        foreach (var endpoint in Endpoints().Where(e => !InstallationWide.Contains(e.ToString())))
        {
            foreach (var (role, token) in tokensOfB)
            {
                using var client = fixture.Host.Server.CreateClient();
                client.DefaultRequestHeaders.Authorization = new("Bearer", token);
                using var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), endpoint.Url(ofA))
                {
                    Content = endpoint.Method is "GET" or "DELETE" ? null
                        : JsonContent.Create(endpoint.Body is { } type && bodiesNamingA.TryGetValue(type, out var named) ? named : SampleFor(endpoint.Body), options: Json.Options),
                };
                request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
                using var response = await client.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                var status = (int)response.StatusCode;
                // A member posts a vacancy or registers a webhook as itself, whatever member the body names: one of its own
                // region (the event count below shows nothing reached A).
                var ownVacancy = endpoint.ToString() is "POST /api/v1/vacancies" or "POST /api/v1/webhooks" or "POST /api/v1/saved-searches"
                    && role is Partner or Municipality && status == 201;
                var fine = Lists.Contains(endpoint.ToString())
                    ? status is 200 or 403 && !idsOfA.Any(body.Contains)
                    : status is 403 or 404 || ownVacancy;
                if (!fine) leaks.Add($"{endpoint} as region B's {role}: {status} {body[..Math.Min(body.Length, 200)]}");
            }
        }

        leaks.ShouldBeEmpty();
        (await EventCountAsync(a.Id)).ShouldBe(eventsOfA, "region B's callers appended nothing to region A");
    }

    private async Task<int> EventCountAsync(Guid regionId)
    {
        await using var session = fixture.RegionSession(regionId);
        return await Marten.QueryableExtensions.CountAsync(session.Events.QueryAllRawEvents());
    }
}
