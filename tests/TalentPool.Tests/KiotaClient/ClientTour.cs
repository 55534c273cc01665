using Microsoft.Kiota.Abstractions;
using TalentPool.Client.Models;
using TalentPool.Tests.Infrastructure;
using Roles = TalentPool.Auth.Roles;

namespace TalentPool.Tests.KiotaClient;

/// <summary>
/// The service as a client developer drives it through the generated client: each step is one call, and every
/// call's response is checked against its raw JSON (<see cref="KiotaSession.ReadAsync{T}"/>). Arranging goes
/// through the client too, so the requests a developer writes with the generated models are exercised as well.
/// The tours (one file each) are shared by the tests that run them alone and the one that checks they read
/// every kind of resource the document declares.
/// </summary>
public sealed partial class ClientTour(TalentPoolFixture fixture)
{
    /// <summary>The generated model types that received a JSON object on this tour.</summary>
    public HashSet<Type> ModelsRead { get; } = [];

    /// <summary>Each value a response carried that the client's model did not hold, as "METHOD /route (status) $.path: …".</summary>
    public List<string> Losses { get; } = [];

    public KiotaSession As(string? token) => new(fixture, token, this);
    public KiotaSession AsAdmin() => As(fixture.AdminToken());
    public KiotaSession AsPartner(Guid partnerId) => As(fixture.TokenFor(Roles.Partner, partnerId));
    public KiotaSession AsMunicipality(Guid municipalityId) => As(fixture.TokenFor(Roles.Municipality, municipalityId));
    public KiotaSession AsRecruiter() => As(fixture.TokenFor(Roles.Recruiter));

    /// <summary>A NOK region (with the default price list) over fresh municipality numbers, read back.</summary>
    public async Task<RegionDetails> RegionAsync(KiotaSession admin, int municipalities = 2)
    {
        var numbers = Enumerable.Range(0, municipalities).Select(_ => Api.UniqueNumber()).ToList();
        var county = await admin.ReadAsync(c => c.Api.V1.Counties.PostAsync(new RegisterCounty
        {
            Name = $"County {Guid.NewGuid():N}",
            Country = "NO",
            MunicipalityNumbers = [.. numbers, Api.UniqueNumber()],
        }));
        var created = await admin.ReadAsync(c => c.Api.V1.Regions.PostAsync(new RegisterRegion
        {
            Name = $"Region {Guid.NewGuid():N}",
            CountyId = county.Id,
            Country = "NO",
            Currency = "NOK",
            MunicipalityNumbers = numbers,
            MonthlyHireTarget = 4,
            TalentBaseGoal = 120,
        }));
        return await admin.ReadAsync(c => c.Api.V1.Regions[created.Id!.Value].GetAsync());
    }

    public async Task<Guid> PartnerAsync(KiotaSession admin, Guid regionId, Date joinedOn, int employees = 200) =>
        (await admin.ReadAsync(c => c.Api.V1.Partners.PostAsync(new JoinPartner
        {
            RegionId = regionId,
            Name = $"Partner {Guid.NewGuid():N}"[..20],
            OrganisationNumber = Api.OrganisationNumber(),
            EmployeeCount = employees,
            Founding = false,
            JoinedOn = joinedOn,
        }))).Id!.Value;

    public async Task<Guid> MunicipalityAsync(KiotaSession admin, RegionDetails region, string number, Date joinedOn, LicencePayer paidBy) =>
        (await admin.ReadAsync(c => c.Api.V1.Municipalities.PostAsync(new JoinMunicipality
        {
            RegionId = region.Id,
            Number = number,
            Name = $"Kommune {number}",
            Population = 12_345,
            PopulationCountedIn = 2025,
            JoinedOn = joinedOn,
            PaidBy = paidBy,
        }))).Id!.Value;

    /// <summary>Registers a talent who shares with partners; the answer carries the talent's own token.</summary>
    public async Task<TalentRegisteredResponse> TalentAsync(string competenceArea, string preferredMunicipality = "3403", bool shareWithMunicipalities = false)
    {
        using var anyone = As(token: null);
        return await anyone.ReadAsync(c => c.Api.V1.Talents.PostAsync(new RegisterTalent
        {
            FullName = "Priya Raman",
            Email = $"priya.{Guid.NewGuid():N}@example.com",
            Phone = "+47 400 00 000",
            CountryOfResidence = "IN",
            Languages = ["en", "hi"],
            CompetenceAreas = [competenceArea],
            EducationLevel = EducationLevel.Master,
            YearsOfExperience = 7,
            PreferredMunicipalities = [preferredMunicipality],
            AccompanyingPartner = new AccompanyingPartnerInput { Occupation = "Nurse" },
            HeardAboutUsVia = HeardAboutUsChannel.SocialMedia,
            HeardAboutUsDetails = "A post by a friend",
            About = "Cell chemistry, seven years in gigafactory start-ups.",
            ShareWithPartners = true,
            ShareWithMunicipalities = shareWithMunicipalities,
            WillingToRelocate = true,
        }));
    }

    public async Task<Guid> HireAsync(
        KiotaSession recruiter, Guid talentId, Guid partnerId, Date hiredOn, Guid? vacancyId = null, string? workplaceMunicipality = null) =>
        (await recruiter.ReadAsync(c => c.Api.V1.Hires.PostAsync(
            new RecordHire
            {
                TalentId = talentId, PartnerId = partnerId, VacancyId = vacancyId, HiredOn = hiredOn, StartsOn = hiredOn,
                WorkplaceMunicipality = workplaceMunicipality,
            },
            request => request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString())))).Id!.Value;
}
