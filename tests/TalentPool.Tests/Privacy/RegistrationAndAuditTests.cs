using System.Net;
using Alba;
using TalentPool.Audit;
using TalentPool.Auth;
using TalentPool.Regions;
using TalentPool.Talents;
using TalentPool.Tests.Infrastructure;
using TalentPool.Tests.Talents;

namespace TalentPool.Tests.Privacy;

[Collection(PostgresCollection.Name)]
public sealed class RegistrationAndAuditTests(TalentPoolFixture fixture)
{
    private readonly Api _api = new(fixture);

    [Fact]
    public async Task A_new_talent_manages_its_profile_with_the_token_it_received_and_renews_it()
    {
        var result = await _api.Host.Scenario(s => { s.Post.Json(TalentRequests.Registration()).ToUrl("/api/v1/talents"); s.StatusCodeShouldBe(201); });
        var registered = (await result.ReadAsJsonAsync<TalentRegisteredResponse>()).ShouldNotBeNull();

        registered.AccessTokenExpiresAt.ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddDays(29));
        (await _api.GetAsync<TalentProfileView>($"/api/v1/talents/{registered.Id}", registered.AccessToken)).Id.ShouldBe(registered.Id);
        var renewed = (await (await _api.Host.Scenario(s => s.As(registered.AccessToken).Post.Json(new { }).ToUrl($"/api/v1/talents/{registered.Id}/access-token")))
            .ReadAsJsonAsync<TalentAccessToken>()).ShouldNotBeNull();
        await _api.Host.Scenario(s => s.As(renewed.AccessToken).Post.Json(new GiveConsent(ConsentScope.Municipalities)).ToUrl($"/api/v1/talents/{registered.Id}/consents"));
    }

    [Fact]
    public async Task Registrations_from_one_address_beyond_the_limit_get_429_with_Retry_After()
    {
        var address = IPAddress.Parse($"203.0.113.{Random.Shared.Next(1, 254)}");
        var statuses = new List<int>();
        string? retryAfter = null;
        for (var i = 0; i < TalentPoolFixture.RegistrationsPerMinute + 1; i++)
        {
            var result = await _api.Host.Scenario(s =>
            {
                s.ConfigureHttpContext(http => http.Connection.RemoteIpAddress = address);
                s.Post.Json(TalentRequests.Registration()).ToUrl("/api/v1/talents");
                s.IgnoreStatusCode();
            });
            statuses.Add(result.Context.Response.StatusCode);
            retryAfter = result.Context.Response.Headers.RetryAfter;
        }

        statuses.Take(TalentPoolFixture.RegistrationsPerMinute).ShouldAllBe(status => status == 201);
        statuses[^1].ShouldBe(429);
        int.Parse(retryAfter!).ShouldBeGreaterThan(0);
        await _api.Host.Scenario(s =>
        {
            s.ConfigureHttpContext(http => http.Connection.RemoteIpAddress = IPAddress.Parse("198.51.100.7"));
            s.Post.Json(TalentRequests.Registration()).ToUrl("/api/v1/talents");
            s.StatusCodeShouldBe(201);
        });
    }

    [Fact]
    public async Task Every_event_names_who_caused_it_and_a_requests_events_share_one_correlation_id()
    {
        var number = Api.UniqueNumber();
        var county = await _api.PostAsync("/api/v1/counties", new RegisterCounty("Innlandet", "NO", [number]), fixture.TokenFor(Roles.Admin));
        var region = await _api.PostAsync("/api/v1/regions", new RegisterRegion("Hamarregionen", county, "NO", "NOK", [number], null, null, null));
        await _api.PostAsync($"/api/v1/regions/{region}/consent-validity", new ChangeConsentValidity(12), status: 200);
        var talent = await _api.PostAsync("/api/v1/talents", TalentRequests.Registration(), token: "");
        await _api.PostAsync($"/api/v1/talents/{talent}/consents", new GiveConsent(ConsentScope.Municipalities), fixture.TokenFor(Roles.Talent, talent), 200);

        var regionHistory = await _api.GetAsync<List<AuditedEvent>>($"/api/v1/audit/streams/{region}");
        var talentHistory = await _api.GetAsync<List<AuditedEvent>>($"/api/v1/audit/streams/{talent}");

        regionHistory.Select(e => e.Type).ShouldBe(["region_registered.v1", "price_list_published.v1", "consent_validity_changed.v1"]);
        regionHistory.ShouldAllBe(e => e.CausedBy == "local-admin" && e.Role == "admin" && e.CorrelationId != null);
        regionHistory[0].CorrelationId.ShouldBe(regionHistory[1].CorrelationId);
        regionHistory[2].CorrelationId.ShouldNotBe(regionHistory[0].CorrelationId);
        talentHistory.Select(e => (e.CausedBy, e.Role)).ShouldBe([("anonymous", "anonymous"), (talent.ToString(), "talent")]);
        await _api.Host.Scenario(s => { s.As(_api.Recruiter).Get.Url($"/api/v1/audit/streams/{talent}"); s.StatusCodeShouldBe(403); });
    }
}
