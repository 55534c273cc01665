using Microsoft.Kiota.Abstractions;
using TalentPool.Client.Models;

namespace TalentPool.Tests.KiotaClient;

public sealed partial class ClientTour
{
    /// <summary>A talent registers, reads and changes itself, and a partner finds it in the shared talent base.</summary>
    public async Task TalentsAndTheSharedBaseAsync()
    {
        // Regions are tenants: the talent registers in the region whose partner then finds it.
        using var admin = AsAdmin();
        var region = await RegionAsync(admin);
        var competenceArea = $"Kiota {Guid.NewGuid():N}";
        var registered = await TalentAsync(competenceArea);
        var talentId = registered.Id!.Value;

        TalentProfileView read;
        using (var talent = As(registered.AccessToken))
        {
            read = await talent.ReadAsync(c => c.Api.V1.Talents[talentId].GetAsync());
            await talent.ReadAsync(c => c.Api.V1.Talents[talentId].Consents.PostAsync(new GiveConsent { Scope = ConsentScope.Municipalities }));
            await talent.ReadAsync(c => c.Api.V1.Talents[talentId].Consents["municipalities"].DeleteAsync());
            await talent.ReadAsync(c => c.Api.V1.Talents[talentId].Profile.PutAsync(ProfileOf(read, expectedVersion: read.Version!.Value + 2)));
            // Seen in another region too, and no longer.
            var elsewhere = await RegionAsync(admin);
            var consenting = await talent.ReadAsync(c => c.Api.V1.Talents[talentId].OtherRegionsConsent.PostAsync(
                new GiveOtherRegionsConsent { EveryRegion = false, Regions = [elsewhere.Id] }));
            consenting.Consents.ShouldNotBeNull().OtherRegions.ShouldNotBeNull().Regions.ShouldBe([elsewhere.Id]);
            var withdrawn = await talent.ReadAsync(c => c.Api.V1.Talents[talentId].OtherRegionsConsent.DeleteAsync());
            withdrawn.Consents.ShouldNotBeNull().OtherRegions.ShouldBeNull();
        }

        var partnerId = await PartnerAsync(admin, region.Id!.Value, new Date(2026, 1, 1));
        using var partner = AsPartner(partnerId);
        var page = await partner.ReadAsync(c => c.Api.V1.SharedTalents.GetAsync(q => q.QueryParameters.CompetenceArea = competenceArea));
        page.Items.ShouldNotBeNull().ShouldHaveSingleItem().Id.ShouldBe(talentId);
        page.Facets.ShouldNotBeNull().CompetenceAreas.ShouldNotBeNull().ShouldContain(f => f.Value == competenceArea && f.Count == 1);
        page.Facets.Exact.ShouldBe(true);
        page.Facets.CountedTalents.ShouldBe(1);
        var card = await partner.ReadAsync(c => c.Api.V1.SharedTalents[talentId].GetAsync());
        card.HomeRegionId.ShouldBe(region.Id);

        var filtered = await partner.ReadAsync(c => c.Api.V1.SharedTalents.GetAsync(q =>
        {
            q.QueryParameters.CompetenceArea = competenceArea;
            q.QueryParameters.Country = "NO";
            q.QueryParameters.MinYearsOfExperience = 8;
            q.QueryParameters.EducationLevel = read.Profile!.EducationLevel;
            q.QueryParameters.RegisteredSince = new Date(2026, 1, 1);
            q.QueryParameters.Limit = 1;
        }));
        filtered.Items.ShouldNotBeNull().ShouldHaveSingleItem().Id.ShouldBe(talentId);
        filtered.Facets!.EducationLevels.ShouldNotBeNull().ShouldHaveSingleItem().Count.ShouldBe(1);
    }

    private static UpdateTalentProfile ProfileOf(TalentProfileView talent, int expectedVersion) => new()
    {
        ExpectedVersion = expectedVersion,
        FullName = talent.Personal!.FullName,
        Email = talent.Personal.Email,
        Phone = talent.Personal.Phone,
        CountryOfResidence = "NO",
        MunicipalityOfResidence = "3403",
        Languages = talent.Profile!.Languages,
        CompetenceAreas = talent.Profile.CompetenceAreas,
        EducationLevel = talent.Profile.EducationLevel,
        YearsOfExperience = 8,
        PreferredMunicipalities = talent.Profile.PreferredMunicipalities,
        AccompanyingPartner = talent.Profile.AccompanyingPartner is { } partner ? new AccompanyingPartnerInput { Occupation = partner.Occupation } : null,
        HeardAboutUsVia = talent.Profile.HeardAboutUsVia,
        HeardAboutUsDetails = talent.Personal.HeardAboutUsDetails,
        About = talent.Personal.About,
    };
}
