using Microsoft.Kiota.Abstractions;
using TalentPool.Client.Models;

namespace TalentPool.Tests.KiotaClient;

public sealed partial class ClientTour
{
    /// <summary>A region with a new price-list version, a partner and a municipality through every change of membership.</summary>
    public async Task RegionsAndMembersAsync()
    {
        using var admin = AsAdmin();
        var region = await RegionAsync(admin);
        var regionId = region.Id!.Value;
        var countyId = region.CountyId!.Value;
        await admin.ReadAsync(c => c.Api.V1.Counties[countyId].GetAsync());
        await admin.ReadAsync(c => c.Api.V1.Counties.GetAsync(q => q.QueryParameters.Country = "NO"));
        await admin.ReadAsync(c => c.Api.V1.Regions.GetAsync(q => q.QueryParameters.CountyId = countyId));
        await admin.ReadAsync(c => c.Api.V1.Regions[regionId].ConsentValidity.PostAsync(new ChangeConsentValidity { Months = 18 }));
        await admin.ReadAsync(c => c.Api.V1.Regions[regionId].PriceLists.PostAsync(PriceListFrom(new Date(2027, 1, 1))));

        var partnerId = await PartnerAsync(admin, regionId, new Date(2026, 3, 10));
        using (var partner = AsPartner(partnerId)) await partner.ReadAsync(c => c.Api.V1.Partners[partnerId].GetAsync());
        await admin.ReadAsync(c => c.Api.V1.Partners[partnerId].Tier.PostAsync(
            new ChangePartnerTier { Founding = false, EmployeeCount = 20, EffectiveOn = new Date(2026, 6, 1) }));
        await admin.ReadAsync(c => c.Api.V1.Partners[partnerId].Cancellation.PostAsync(
            new CancelPartnerMembership { EffectiveOn = new Date(2026, 9, 1), Reason = "Budget cuts" }));
        await admin.ReadAsync(c => c.Api.V1.Partners[partnerId].Rejoin.PostAsync(
            new RejoinPartner { RejoinedOn = new Date(2026, 10, 1), EmployeeCount = 60, Founding = false }));
        var partners = await admin.ReadAsync(c => c.Api.V1.Regions[regionId].Partners.GetAsync());
        partners.ShouldHaveSingleItem().Terms.ShouldNotBeNull().Count.ShouldBe(2);

        var municipalityId = await MunicipalityAsync(admin, region, region.MunicipalityNumbers![0], new Date(2026, 1, 1), LicencePayer.Municipality);
        using (var municipality = AsMunicipality(municipalityId))
        {
            await municipality.ReadAsync(c => c.Api.V1.Municipalities[municipalityId].GetAsync());
        }
        await admin.ReadAsync(c => c.Api.V1.Municipalities[municipalityId].Population.PostAsync(
            new UpdatePopulation { Population = 12_500, CountedIn = 2026, EffectiveFrom = new Date(2026, 7, 1) }));
        await admin.ReadAsync(c => c.Api.V1.Municipalities[municipalityId].Payer.PostAsync(
            new ChangeLicencePayer { PaidBy = LicencePayer.RegionalCouncil, EffectiveFrom = new Date(2026, 8, 1) }));
        await admin.ReadAsync(c => c.Api.V1.Municipalities[municipalityId].Leave.PostAsync(
            new LeaveMunicipalityMembership { LeftOn = new Date(2026, 9, 1), Reason = "Merged budgets" }));
        var rejoined = await admin.ReadAsync(c => c.Api.V1.Municipalities[municipalityId].Rejoin.PostAsync(
            new RejoinMunicipality { RejoinedOn = new Date(2026, 10, 1) }));
        rejoined.Terms.ShouldNotBeNull().Count.ShouldBe(2);
    }

    /// <summary>
    /// A price list unlike the default one. Whole kroner only: the literals then compile whether the document
    /// types money as double or as decimal (the statements bring amounts with øre).
    /// </summary>
    private static PriceListInput PriceListFrom(Date effectiveFrom) => new()
    {
        EffectiveFrom = effectiveFrom,
        Currency = "NOK",
        Founding = new PartnerPrice { MonthlyLicence = 21_000, HireFee = 0 },
        Standard = new PartnerPrice { MonthlyLicence = 2_600, HireFee = 21_000 },
        Small = new PartnerPrice { MonthlyLicence = 1_100, HireFee = 21_000 },
        SmallCompanyEmployeeThreshold = 40,
        FoundingCommitmentMonths = 24,
        MunicipalityBands =
        [
            new PopulationBandInput { UpToPopulation = 5_000, MonthlyLicence = 5_500 },
            new PopulationBandInput { MonthlyLicence = 26_000 },
        ],
        RegionalRatePerInhabitantPerYear = 5,
        CountyRatePerInhabitantPerYear = 4,
    };
}
