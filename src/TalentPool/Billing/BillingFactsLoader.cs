using Marten;
using TalentPool.Hires;
using TalentPool.Municipalities;
using TalentPool.Partners;
using TalentPool.Regions;

namespace TalentPool.Billing;

/// <summary>A region's billing inputs and closed periods, read from documents in three round trips.</summary>
public sealed record RegionLedger(BillingFacts Facts, RegionBilling? Billing, IReadOnlyList<ClosedBillingPeriod> ClosedPeriods);

public static class BillingFactsLoader
{
    public static async Task<RegionLedger?> LoadAsync(IQuerySession session, Guid regionId, CancellationToken cancellation)
    {
        var region = await session.LoadAsync<Region>(regionId, cancellation);
        if (region is null) return null;

        var batch = session.CreateBatchQuery();
        var county = batch.Load<County>(region.CountyId);
        var regionsOfCountry = batch.Query<Region>().Where(r => r.Country == region.Country).Select(r => r.Id).ToList();
        var partners = batch.Query<Partner>().Where(p => p.RegionId == regionId).ToList();
        var hires = batch.Query<Hire>().Where(h => h.RegionId == regionId).ToList();
        var billing = batch.Load<RegionBilling>(RegionBilling.StreamIdFor(regionId));
        var closed = batch.Query<ClosedBillingPeriod>().Where(p => p.RegionId == regionId).ToList();
        await batch.Execute(cancellation);

        // A municipality is its country and number: the county's numbers, joined to any region of the region's country.
        var loadedCounty = await county ?? new County(region.CountyId, "(unknown county)");
        var countyNumbers = loadedCounty.AllMunicipalities.ToArray();
        var countryRegionIds = (await regionsOfCountry).ToArray();
        var municipalities = await session.Query<Municipality>()
            .Where(m => m.RegionId == regionId || (m.RegionId.IsOneOf(countryRegionIds) && m.Number.IsOneOf(countyNumbers)))
            .ToListAsync(cancellation);

        return new RegionLedger(
            new BillingFacts(region, loadedCounty, await partners, municipalities, await hires),
            await billing,
            (await closed).OrderBy(p => p.Month).ToList());
    }
}
