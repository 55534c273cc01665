using Microsoft.Kiota.Abstractions;
using TalentPool.Client.Models;

namespace TalentPool.Tests.KiotaClient;

public sealed partial class ClientTour
{
    /// <summary>
    /// Statements of a partner, of municipalities paying themselves and through their council, and of the region:
    /// months on the wire are "2026-03", money has øre (22 of March's 31 days of a standard licence are 1774.19),
    /// and a hire recorded after March was closed is corrected in April (<c>corrects: "2026-03"</c>).
    /// </summary>
    public async Task BillingAsync()
    {
        using var admin = AsAdmin();
        var region = await RegionAsync(admin);
        using var recruiter = AsRecruiter();
        var regionId = region.Id!.Value;
        var partnerId = await PartnerAsync(admin, regionId, new Date(2026, 3, 10));
        var payingItself = await MunicipalityAsync(admin, region, region.MunicipalityNumbers![0], new Date(2026, 1, 1), LicencePayer.Municipality);
        var paidByCouncil = await MunicipalityAsync(admin, region, region.MunicipalityNumbers[1], new Date(2026, 1, 1), LicencePayer.RegionalCouncil);
        await admin.ReadAsync(c => c.Api.V1.Regions[regionId].BillingPeriods["2026-03"].Close.PostAsync());
        // Closed by mistake and closed again: the reopening answers which months stay closed.
        await admin.ReadAsync(c => c.Api.V1.Regions[regionId].BillingPeriods["2026-03"].Reopen.PostAsync(new ReopenBillingPeriod { Reason = "Closed too early" }));
        await admin.ReadAsync(c => c.Api.V1.Regions[regionId].BillingPeriods["2026-03"].Close.PostAsync());
        await HireAsync(recruiter, (await TalentAsync("Battery engineering")).Id!.Value, partnerId, new Date(2026, 3, 20),
            workplaceMunicipality: region.MunicipalityNumbers[0]);

        using (var partner = AsPartner(partnerId))
        {
            await partner.ReadAsync(c => c.Api.V1.Partners[partnerId].Statements["2026-03"].GetAsync());
            var april = await partner.ReadAsync(c => c.Api.V1.Partners[partnerId].Statements["2026-04"].GetAsync());
            april.Lines.ShouldNotBeNull().ShouldContain(line => line.Corrects != null);
        }
        await TalentAsync("Welding", region.MunicipalityNumbers[0], shareWithMunicipalities: true);
        await TalentAsync("Welding", region.MunicipalityNumbers[1], shareWithMunicipalities: true);
        foreach (var municipalityId in new[] { payingItself, paidByCouncil })
        {
            using var municipality = AsMunicipality(municipalityId);
            await municipality.ReadAsync(c => c.Api.V1.Municipalities[municipalityId].Statements["2026-04"].GetAsync());
            // Its dashboard: months as yyyy-MM strings, money as money, January through the current month, talents as counts.
            var dashboard = await municipality.ReadAsync(c => c.Api.V1.Municipalities[municipalityId].Dashboard.GetAsync(
                request => request.QueryParameters.WaitForWrites = true));
            var cost = dashboard.Figures.ShouldNotBeNull().LicenceCostThisYear.ShouldNotBeNull();
            cost.From.ShouldBe($"{dashboard.Figures.AsOf!.Value.Year:D4}-01");
            cost.Total.ShouldNotBeNull().Currency.ShouldBe("NOK");
            cost.Months.ShouldNotBeNull().Count.ShouldBe(dashboard.Figures.AsOf.Value.Month);
            dashboard.Figures.TalentsWantingToLiveHere.ShouldNotBeNull().ByCompetenceArea.ShouldNotBeNull()
                .ShouldContain(count => count.CompetenceArea == "Welding" && count.Talents >= 1);
            // Hires located there (the hire's workplace is the first municipality's): an async part, with its freshness.
            dashboard.Freshness.ShouldNotBeNull().Wait.ShouldBe(WaitOutcome.Reached);
            var hires = dashboard.HiresLocatedHere.ShouldNotBeNull();
            hires.ThisYear.ShouldNotBeNull().From.ShouldBe(new Date(hires.AsOf!.Value.Year, 1, 1));
            hires.ByClassification.ShouldNotBeNull().Select(c => c.Classification).ShouldBe(
                new HireClassification?[] { HireClassification.External, HireClassification.Internal, HireClassification.Local });
            hires.NewcomersStillInRegion.ShouldNotBeNull().Select(n => n.Months).ShouldBe(new int?[] { 3, 6, 12 });
            hires.AccompanyingPartnerEmployment.ShouldNotBeNull().UnknownLeftOut.ShouldBe(0);
        }
        await admin.ReadAsync(c => c.Api.V1.Regions[regionId].Statements["2026-03"].GetAsync());
        await admin.ReadAsync(c => c.Api.V1.Regions[regionId].Statements["2026-04"].GetAsync());
    }

    /// <summary>A talent renews its own access token.</summary>
    public async Task AccessTokenAsync()
    {
        var registered = await TalentAsync("Battery engineering");
        using var talent = As(registered.AccessToken);
        await talent.ReadAsync(c => c.Api.V1.Talents[registered.Id!.Value].AccessToken.PostAsync());
    }
}
