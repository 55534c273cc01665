using Alba;
using TalentPool.Auth;
using TalentPool.Hires;
using TalentPool.Hosting;
using TalentPool.Municipalities;
using TalentPool.Partners;
using TalentPool.Regions;
using TalentPool.Tests.Talents;

namespace TalentPool.Tests.Infrastructure;

/// <summary>The API as an admin or recruiter calls it, for arranging scenarios in HTTP tests.</summary>
public sealed class Api(TalentPoolFixture fixture)
{
    public IAlbaHost Host => fixture.Host;
    public string Admin => fixture.AdminToken();
    public string Recruiter => fixture.TokenFor(Roles.Recruiter);

    public async Task<Guid> PostAsync(string url, object body, string? token = null, int status = 201)
    {
        var result = await Host.Scenario(s =>
        {
            s.As(token ?? Admin).Post.Json(body).ToUrl(url);
            fixture.Regions.SendToRegionOf(s, body);
            s.StatusCodeShouldBe(status);
        });
        // Every 201 body names the new resource's id (a talent's also carries its token).
        return status == 201 ? (await result.ReadAsJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetGuid() : Guid.Empty;
    }

    public async Task<T> GetAsync<T>(string url, string? token = null) where T : class
    {
        var result = await Host.Scenario(s => s.As(token ?? Admin).Get.Url(url));
        return (await result.ReadAsJsonAsync<T>()).ShouldNotBeNull();
    }

    /// <summary>A Norwegian county that knows exactly these municipalities.</summary>
    public Task<Guid> CountyAsync(params string[] municipalityNumbers) =>
        PostAsync("/api/v1/counties", new RegisterCounty($"County {Guid.NewGuid():N}", "NO", municipalityNumbers));

    /// <summary>
    /// A Norwegian region of these municipality numbers (one fresh number when none is given), in a county of
    /// its own that has one more municipality, which never joins: the regional rate can apply, the county rate not.
    /// </summary>
    public async Task<RegionDetails> RegionAsync(params string[] municipalityNumbers)
    {
        var numbers = municipalityNumbers.Length > 0 ? municipalityNumbers : [UniqueNumber()];
        return await RegionOfCountyAsync(await CountyAsync([.. numbers, UniqueNumber()]), numbers);
    }

    /// <summary>A Norwegian region, billed in NOK, of a county that exists.</summary>
    public async Task<RegionDetails> RegionOfCountyAsync(Guid countyId, params string[] municipalityNumbers)
    {
        var region = await PostAsync("/api/v1/regions",
            new RegisterRegion($"Region {Guid.NewGuid():N}", countyId, "NO", "NOK", municipalityNumbers, null, null, null));
        return await GetAsync<RegionDetails>($"/api/v1/regions/{region}");
    }

    private static int _number = 7000;

    /// <summary>
    /// A municipality number no test has used: a number belongs to one region per country, and tests share one
    /// database. From 7001 up no number is a real municipality's in Norway or Sweden, so none collides with a test's real ones.
    /// </summary>
    public static string UniqueNumber() => Interlocked.Increment(ref _number).ToString("D4");

    public Task<Guid> PartnerAsync(Guid regionId, DateOnly joinedOn, bool founding = false, int employees = 200) =>
        PostAsync("/api/v1/partners", new JoinPartner(regionId, $"Partner {Guid.NewGuid():N}"[..20], OrganisationNumber(), employees, founding, joinedOn));

    /// <summary>A company joins a region once, so each partner of a test gets a number of its own.</summary>
    public static string OrganisationNumber() => Random.Shared.NextInt64(100_000_000, 999_999_999).ToString();

    public Task<Guid> MunicipalityAsync(Guid regionId, string number, int population, DateOnly joinedOn, LicencePayer paidBy = LicencePayer.Municipality) =>
        PostAsync("/api/v1/municipalities", new JoinMunicipality(regionId, number, $"Kommune {number}", population, 2025, joinedOn, paidBy));

    /// <summary>A talent registered in the latest region (a region of its own when the test registered none).</summary>
    public async Task<Guid> TalentAsync(string country = "IN", string? municipality = null)
    {
        if (fixture.Regions.Latest is null) await RegionAsync();
        return await PostAsync("/api/v1/talents", TalentRequests.Registration() with { CountryOfResidence = country, MunicipalityOfResidence = municipality }, token: "");
    }

    public async Task<Guid> HireAsync(Guid talentId, Guid partnerId, DateOnly hiredOn, string? key = null)
    {
        var result = await Host.Scenario(s =>
        {
            s.As(Recruiter).Post.Json(new RecordHire(talentId, partnerId, hiredOn, HiredOn: hiredOn)).ToUrl("/api/v1/hires");
            s.WithRequestHeader("Idempotency-Key", key ?? Guid.NewGuid().ToString());
            s.StatusCodeShouldBe(201);
        });
        return (await result.ReadAsJsonAsync<CreatedResponse>())!.Id;
    }
}
