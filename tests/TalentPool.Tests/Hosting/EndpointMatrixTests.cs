using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.DependencyInjection;
using TalentPool.Auth;
using TalentPool.Candidates;
using TalentPool.Hires;
using TalentPool.Municipalities;
using TalentPool.Partners;
using TalentPool.Regions;
using TalentPool.Talents;
using TalentPool.Tests.Infrastructure;
using TalentPool.Tests.Talents;
using TalentPool.Vacancies;

namespace TalentPool.Tests.Hosting;

/// <summary>
/// Every endpoint of the API, found from the running service itself, gets the same questions: no token
/// (401), a caller it does not serve (403), a body that is not JSON (400), an unknown resource (404).
/// A new endpoint is covered the moment it exists — or fails here until it is given a sample request.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class EndpointMatrixTests(TalentPoolFixture fixture)
{
    private static readonly DateOnly Day = new(2026, 3, 1);

    /// <summary>A valid body per request type, so that "unknown resource" is the only thing wrong with the request.</summary>
    private static readonly Dictionary<Type, object> Samples = new()
    {
        [typeof(UpdateTalentProfile)] = TalentRequests.ProfileUpdate(TalentRequests.Registration(), 1),
        [typeof(GiveConsent)] = new GiveConsent(ConsentScope.Partners),
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
        [typeof(RecordAccompanyingPartnerEmployment)] = new RecordAccompanyingPartnerEmployment(Day, null, "Nurse"),
        [typeof(ChangeConsentValidity)] = new ChangeConsentValidity(12),
    };

    private sealed record Endpoint(string Method, string Route, Type? Body, bool Anonymous, bool AnySignedIn)
    {
        public override string ToString() => $"{Method} {Route}";
        public bool NamesAResource => Route.Contains("Id}");

        /// <summary>The route with fresh ids and valid values in its parameters.</summary>
        public string Url() => string.Join('/', Route.Split('/').Select(segment => segment switch
        {
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
            .Select(api =>
            {
                var metadata = api.ActionDescriptor.EndpointMetadata;
                var authorize = metadata.OfType<IAuthorizeData>().ToList();
                return new Endpoint(api.HttpMethod!, "/" + api.RelativePath!,
                    api.ParameterDescriptions.FirstOrDefault(p => p.Source == BindingSource.Body)?.Type,
                    metadata.OfType<IAllowAnonymous>().Any(),
                    authorize.Count > 0 && authorize.All(a => a.Roles is null && a.Policy is null));
            })
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
            Content = body ?? (endpoint.Method is "GET" or "DELETE" ? null : JsonContent.Create(
                endpoint.Body is null ? new object() : Samples.GetValueOrDefault(endpoint.Body) ?? new object(), options: Json.Options)),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        return (await client.SendAsync(request)).StatusCode;
    }

    [Fact]
    public async Task Every_endpoint_that_is_not_public_answers_401_without_a_token()
    {
        foreach (var endpoint in Endpoints().Where(e => !e.Anonymous))
        {
            (await Send(endpoint, token: null)).ShouldBe(HttpStatusCode.Unauthorized, endpoint.ToString());
        }
    }

    [Fact]
    public async Task Every_endpoint_refuses_a_talent_acting_on_what_is_not_its_own_with_403()
    {
        var stranger = fixture.TokenFor(Roles.Talent, Guid.NewGuid());
        foreach (var endpoint in Endpoints().Where(e => !e.Anonymous && !e.AnySignedIn))
        {
            (await Send(endpoint, stranger)).ShouldBe(HttpStatusCode.Forbidden, endpoint.ToString());
        }
    }

    [Fact]
    public async Task Every_endpoint_with_a_body_answers_400_to_one_that_is_not_JSON()
    {
        foreach (var endpoint in Endpoints().Where(e => e.Body is not null))
        {
            var broken = new StringContent("{\"half\": ", Encoding.UTF8, "application/json");
            (await Send(endpoint, fixture.AdminToken(), broken)).ShouldBe(HttpStatusCode.BadRequest, endpoint.ToString());
        }
    }

    [Fact]
    public async Task Every_endpoint_that_names_a_resource_answers_404_when_it_does_not_exist()
    {
        foreach (var endpoint in Endpoints().Where(e => e.NamesAResource))
        {
            if (endpoint.Body is { } body) Samples.ShouldContainKey(body, $"{endpoint}: add a valid sample {body.Name} to {nameof(Samples)}");
            (await Send(endpoint, fixture.AdminToken())).ShouldBe(HttpStatusCode.NotFound, endpoint.ToString());
        }
    }
}
