using System.Text.Json;
using Alba;
using TalentPool.Auth;
using TalentPool.Hires;
using TalentPool.Municipalities;
using TalentPool.Partners;
using TalentPool.Regions;
using TalentPool.Tests.Infrastructure;
using TalentPool.Tests.Talents;

namespace TalentPool.Tests.Metrics;

/// <summary>The API of a <see cref="ClockedTalentPool"/> as an admin or recruiter calls it, for arranging a region's history.</summary>
public sealed class ClockedRegionApi(ClockedTalentPool pool)
{
    public ClockedTalentPool Pool => pool;

    public async Task<Guid> PostAsync(string url, object body, int status = 201, string? token = null)
    {
        var result = await pool.Host.Scenario(s =>
        {
            s.As(token ?? pool.TokenFor(Roles.Admin)).Post.Json(body).ToUrl(url);
            pool.Regions.SendToRegionOf(s, body);
            s.WithRequestHeader("Idempotency-Key", Guid.NewGuid().ToString());
            s.StatusCodeShouldBe(status);
        });
        return status == 201 ? (await result.ReadAsJsonAsync<JsonElement>()).GetProperty("id").GetGuid() : Guid.Empty;
    }

    public async Task<T> GetAsync<T>(string url, string? token = null) where T : class
    {
        var result = await pool.Host.Scenario(s => s.As(token ?? pool.TokenFor(Roles.Admin)).Get.Url(url));
        return (await result.ReadAsJsonAsync<T>()).ShouldNotBeNull();
    }

    /// <summary>A Norwegian region of these municipality numbers, in a county of its own that knows them.</summary>
    public async Task<Guid> RegionAsync(params string[] numbers)
    {
        var county = await PostAsync("/api/v1/counties", new RegisterCounty($"County {Guid.NewGuid():N}", "NO", numbers));
        return await PostAsync("/api/v1/regions", new RegisterRegion($"Region {Guid.NewGuid():N}", county, "NO", "NOK", numbers, null, null, null));
    }

    public Task<Guid> PartnerAsync(Guid regionId, DateOnly joinedOn) =>
        PostAsync("/api/v1/partners", new JoinPartner(regionId, $"Partner {Guid.NewGuid():N}"[..20], Api.OrganisationNumber(), 200, false, joinedOn));

    public Task<Guid> MunicipalityAsync(Guid regionId, string number, DateOnly joinedOn) =>
        PostAsync("/api/v1/municipalities", new JoinMunicipality(regionId, number, $"Kommune {number}", 10_000, 2025, joinedOn, LicencePayer.Municipality));

    public Task<Guid> TalentAsync(string country, params string[] competenceAreas) =>
        PostAsync("/api/v1/talents", TalentRequests.Registration() with { CountryOfResidence = country, CompetenceAreas = competenceAreas }, token: "");

    public Task<Guid> HireAsync(Guid talentId, Guid partnerId, DateOnly hiredOn) =>
        PostAsync("/api/v1/hires", new RecordHire(talentId, partnerId, hiredOn, HiredOn: hiredOn), token: pool.TokenFor(Roles.Recruiter));
}
