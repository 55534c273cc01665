using System.Text.Json;
using Alba;
using Marten;
using TalentPool.Auth;
using TalentPool.Hosting;
using TalentPool.Municipalities;
using TalentPool.Partners;
using TalentPool.Regions;
using TalentPool.Talents;
using TalentPool.Tests.Infrastructure;

namespace TalentPool.Tests.Talents;

/// <summary>A region with a partner and a municipality, and the tokens of its partner, municipality and admin.</summary>
internal sealed record RegionWithMembers(Guid Id, Guid PartnerId, string Partner, string Municipality, string Admin, string Number);

/// <summary>
/// Several regions of one installation, on the shared test host or on a <see cref="ClockedTalentPool"/>'s database of its own:
/// what the tests of consent to other regions arrange and ask.
/// </summary>
internal sealed class Installation(IAlbaHost host, TestRegions regions, Func<string, Guid?, Guid?, string> tokenFor, Func<Guid, IQuerySession> sessionOf)
{
    private static readonly DateOnly Joined = new(2026, 1, 1);

    public IAlbaHost Host => host;

    private string Admin => tokenFor(Roles.Admin, null, null);

    public async Task<Guid> PostAsync(string url, object body, string? token = null)
    {
        var result = await host.Scenario(s =>
        {
            s.As(token ?? Admin).Post.Json(body).ToUrl(url);
            regions.SendToRegionOf(s, body);
            s.StatusCodeShouldBe(201);
        });
        return (await result.ReadAsJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public async Task<RegionWithMembers> RegionAsync()
    {
        var number = Api.UniqueNumber();
        var county = await PostAsync("/api/v1/counties", new RegisterCounty($"County {Guid.NewGuid():N}", "NO", [number, Api.UniqueNumber()]));
        var region = await PostAsync("/api/v1/regions", new RegisterRegion($"Region {Guid.NewGuid():N}", county, "NO", "NOK", [number], null, null, null));
        var partner = await PostAsync("/api/v1/partners", new JoinPartner(region, $"Partner {Guid.NewGuid():N}"[..20], Api.OrganisationNumber(), 200, false, Joined));
        var municipality = await PostAsync("/api/v1/municipalities",
            new JoinMunicipality(region, number, $"Kommune {number}", 10_000, 2025, Joined, LicencePayer.Municipality));
        return new RegionWithMembers(region, partner, tokenFor(Roles.Partner, partner, null), tokenFor(Roles.Municipality, municipality, null),
            tokenFor(Roles.Admin, null, region), number);
    }

    public async Task<Guid> RegisterAsync(RegionWithMembers region, RegisterTalent registration)
    {
        var result = await host.Scenario(s =>
        {
            s.Post.Json(registration).ToUrl("/api/v1/talents");
            s.WithRequestHeader(RegionTenancy.HeaderName, region.Id.ToString());
            s.StatusCodeShouldBe(201);
        });
        return (await result.ReadAsJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>A talent of the region, sharing with partners only (the registration's default), with a name of its own.</summary>
    public async Task<(Guid Id, RegisterTalent Registration)> TalentInAsync(RegionWithMembers region)
    {
        var registration = TalentRequests.Registration() with { FullName = $"Ingrid {Guid.NewGuid():N}" };
        return (await RegisterAsync(region, registration), registration);
    }

    public string TalentToken(Guid talent) => tokenFor(Roles.Talent, talent, null);

    public Task<IScenarioResult> SendAsync(HttpMethod method, string url, string token, object? body = null, int status = 200) =>
        host.Scenario(s =>
        {
            s.As(token);
            if (method == HttpMethod.Post) s.Post.Json(body ?? new { }).ToUrl(url);
            else if (method == HttpMethod.Put) s.Put.Json(body!).ToUrl(url);
            else if (method == HttpMethod.Delete) s.Delete.Url(url);
            else s.Get.Url(url);
            s.StatusCodeShouldBe(status);
        });

    public Task<IScenarioResult> ConsentAsync(Guid talent, GiveOtherRegionsConsent consent, int status = 200) =>
        SendAsync(HttpMethod.Post, $"/api/v1/talents/{talent}/other-regions-consent", TalentToken(talent), consent, status);

    public async Task<SharedTalentPage> SearchAsync(string token, string query = "") =>
        (await (await SendAsync(HttpMethod.Get, $"/api/v1/shared-talents?limit=200{query}", token)).ReadAsJsonAsync<SharedTalentPage>())!;

    public async Task<int> DetailStatusAsync(string token, Guid talent) =>
        (await host.Scenario(s =>
        {
            s.As(token).Get.Url($"/api/v1/shared-talents/{talent}");
            s.IgnoreStatusCode();
        })).Context.Response.StatusCode;

    public async Task<int> EventCountAsync(Guid regionId)
    {
        await using var session = sessionOf(regionId);
        return await session.Events.QueryAllRawEvents().CountAsync();
    }
}
