using Marten;
using TalentPool.Common;
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

        var loadedCounty = await county ?? new County(region.CountyId, "(unknown county)");
        var municipalities = await CountyMunicipalitiesAsync(session, region, loadedCounty, await regionsOfCountry, cancellation);

        return new RegionLedger(
            new BillingFacts(region, loadedCounty, await partners, municipalities, await hires),
            await billing,
            (await closed).OrderBy(p => p.Month).ToList());
    }

    /// <summary>
    /// What a municipality's licence lines read, and nothing more: no partners and no hires (licence lines depend on
    /// neither), and only the closed months given. A bounded read whatever the region's history: a few documents, the
    /// municipalities of one county and region, and at most the closed months asked for.
    /// </summary>
    public static async Task<RegionLedger> LoadLicenceFactsAsync(
        IQuerySession session, Region region, IReadOnlyList<BillingMonth> months, CancellationToken cancellation)
    {
        var batch = session.CreateBatchQuery();
        var county = batch.Load<County>(region.CountyId);
        var regionsOfCountry = batch.Query<Region>().Where(r => r.Country == region.Country).Select(r => r.Id).ToList();
        var billing = batch.Load<RegionBilling>(RegionBilling.StreamIdFor(region.Id));
        await batch.Execute(cancellation);

        var loadedCounty = await county ?? new County(region.CountyId, "(unknown county)");
        var municipalities = await CountyMunicipalitiesAsync(session, region, loadedCounty, await regionsOfCountry, cancellation);
        var closed = await session.LoadManyAsync<ClosedBillingPeriod>(
            cancellation, months.Select(month => ClosedBillingPeriod.IdFor(region.Id, month)).ToArray());

        return new RegionLedger(
            new BillingFacts(region, loadedCounty, [], municipalities, []),
            await billing,
            closed.OrderBy(p => p.Month).ToList());
    }

    // A municipality is its country and number: the county's numbers, joined to any region of the region's country.
    private static async Task<IReadOnlyList<Municipality>> CountyMunicipalitiesAsync(
        IQuerySession session, Region region, County county, IReadOnlyList<Guid> regionsOfCountry, CancellationToken cancellation)
    {
        var countyNumbers = county.AllMunicipalities.ToArray();
        var countryRegionIds = regionsOfCountry.ToArray();
        return await session.Query<Municipality>()
            .Where(m => m.RegionId == region.Id || (m.RegionId.IsOneOf(countryRegionIds) && m.Number.IsOneOf(countyNumbers)))
            .ToListAsync(cancellation);
    }
}
