using Microsoft.Kiota.Abstractions;
using TalentPool.Client.Models;

namespace TalentPool.Tests.KiotaClient;

public sealed partial class ClientTour
{
    /// <summary>
    /// A partner reads its region's hires per month right after a hire, asking to wait for the write: the month and the
    /// freshness (sequences as integers, the wait's outcome as a string) arrive whole.
    /// </summary>
    public async Task MetricsAsync()
    {
        using var admin = AsAdmin();
        using var recruiter = AsRecruiter();
        var regionId = (await RegionAsync(admin)).Id!.Value;
        var partnerId = await PartnerAsync(admin, regionId, new Date(2026, 1, 1));
        await HireAsync(recruiter, (await TalentAsync("Battery engineering")).Id!.Value, partnerId, new Date(2026, 3, 20));

        using var partner = AsPartner(partnerId);
        var answer = await partner.ReadAsync(c => c.Api.V1.Regions[regionId].Metrics.HiresPerMonth.GetAsync(
            request => request.QueryParameters.WaitForWrites = true));

        answer.Freshness.ShouldNotBeNull().Wait.ShouldBe(WaitOutcome.Reached);
        answer.Months.ShouldNotBeNull().ShouldHaveSingleItem().Recorded.ShouldBe(1);
    }
}
