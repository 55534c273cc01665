using System.Linq.Expressions;
using Marten;
using TalentPool.Common;
using TalentPool.Hosting;
using TalentPool.Municipalities;
using TalentPool.Partners;
using TalentPool.Regions;

namespace TalentPool.Billing;

/// <summary>
/// Reads what one month's statements need, and nothing that grows with the region's history: the region's members
/// (its partners, and the municipalities of its county and region), which months are closed, the month's frozen
/// statements if it is closed, and the month's own hires. The first open month also reads what its corrections need: the
/// licence lines the closes billed (<see cref="RegionSettlement"/>, one document), the last close's frozen statements,
/// and the hire facts of closed months recorded since that close (through the indexes on when each fact was seen).
/// Three round trips, whatever the history.
/// </summary>
public static class BillingFactsLoader
{
    public static async Task<RegionLedger?> LoadAsync(IQuerySession session, Guid regionId, BillingMonth month, CancellationToken cancellation)
    {
        var region = await session.LoadAsync<Region>(regionId, cancellation);
        if (region is null) return null;

        var monthNumber = BillableHire.MonthNumber(month);
        var batch = session.CreateBatchQuery();
        var county = batch.InstallationCounty(region.CountyId);
        var regionsOfCountry = batch.Query<Region>().Where(r => r.AnyTenant() && r.Country == region.Country).Select(r => r.Id).ToList();
        var partners = batch.Query<Partner>().Where(p => p.RegionId == regionId).ToList();
        var billing = batch.Load<RegionBilling>(RegionBilling.StreamIdFor(regionId));
        var settlement = batch.Load<RegionSettlement>(RegionBilling.StreamIdFor(regionId));
        var frozen = batch.Load<ClosedBillingPeriod>(ClosedBillingPeriod.IdFor(regionId, month));
        var hires = batch.Query<BillableHire>()
            .Where(h => h.RegionId == regionId && (h.HireMonth == monthNumber || h.CancelledMonth == monthNumber)).ToList();
        await batch.Execute(cancellation);

        var loadedCounty = await Counties.InstallationCountyAsync(session, county, region.CountyId, cancellation) ?? new County(region.CountyId, "(unknown county)");
        var loadedBilling = await billing;
        var loadedSettlement = await settlement;
        var closedPeriods = await frozen is { } period ? new List<ClosedBillingPeriod> { period } : [];
        var monthHires = await hires;

        var ofCounty = CountyMunicipalities(region, loadedCounty, await Counties.RegionsOfCountryAsync(session, regionsOfCountry, region.Country));
        if (loadedBilling?.FirstOpenMonth != month || loadedSettlement?.LastClose is not { } lastClose)
        {
            var municipalities = await CountyMunicipalitiesAsync(session, session.Query<Municipality>().Where(m => m.AnyTenant()).Where(ofCounty).ToListAsync(cancellation), ofCounty);
            return new RegionLedger(new BillingFacts(region, loadedCounty, await partners, municipalities, monthHires),
                loadedBilling, closedPeriods, Settlement.None);
        }

        // The first open month: hire facts of the closed months recorded since the last close (or racing it).
        var (from, to) = (BillableHire.MonthNumber(loadedBilling.ClosedMonths.Min()), BillableHire.MonthNumber(lastClose.Month));
        var seenSince = lastClose.Change - 1;
        var corrections = session.CreateBatchQuery();
        var countyMunicipalities = corrections.Query<Municipality>().Where(m => m.AnyTenant()).Where(ofCounty).ToList();
        var lastPeriod = corrections.Load<ClosedBillingPeriod>(ClosedBillingPeriod.IdFor(regionId, lastClose.Month));
        var late = corrections.Query<BillableHire>().Where(h => h.RegionId == regionId && (
            (h.FeeSeen >= seenSince && h.HireMonth >= from && h.HireMonth <= to) ||
            (h.CreditSeen >= seenSince && h.CancelledMonth >= from && h.CancelledMonth <= to))).ToList();
        await corrections.Execute(cancellation);

        var lateHires = await late;
        var billedByLastClose = (await lastPeriod)?.Statements.SelectMany(s => s.Lines)
            .Where(line => line.HireId is not null).Select(line => (line.HireId!.Value, line.Kind)).ToHashSet() ?? [];
        var unbilled = lateHires.SelectMany(hire => UnbilledLines(hire, seenSince, from, to))
            .Where(line => !billedByLastClose.Contains(line)).ToHashSet();

        var facts = new BillingFacts(region, loadedCounty, await partners, await CountyMunicipalitiesAsync(session, countyMunicipalities, ofCounty),
            [.. monthHires, .. lateHires.Where(hire => monthHires.All(h => h.Id != hire.Id))]);
        return new RegionLedger(facts, loadedBilling, closedPeriods,
            new Settlement(loadedSettlement.BilledLicences, unbilled));
    }

    private static IEnumerable<(Guid, LineKind)> UnbilledLines(BillableHire hire, int seenSince, int from, int to)
    {
        if (hire.FeeSeen >= seenSince && hire.HireMonth >= from && hire.HireMonth <= to) yield return (hire.Id, LineKind.HireFee);
        if (hire.CreditSeen >= seenSince && hire.CancelledMonth >= from && hire.CancelledMonth <= to) yield return (hire.Id, LineKind.HireFeeCredit);
    }

    /// <summary>
    /// What a municipality's licence lines read, and nothing more: no partners and no hires (licence lines depend on
    /// neither), the closed months given, and the licence lines the closes billed. A bounded read whatever the region's
    /// history: a few documents, the municipalities of one county and region, and at most the closed months asked for.
    /// </summary>
    public static async Task<RegionLedger> LoadLicenceFactsAsync(
        IQuerySession session, Region region, IReadOnlyList<BillingMonth> months, CancellationToken cancellation)
    {
        var batch = session.CreateBatchQuery();
        var county = batch.InstallationCounty(region.CountyId);
        var regionsOfCountry = batch.Query<Region>().Where(r => r.AnyTenant() && r.Country == region.Country).Select(r => r.Id).ToList();
        var billing = batch.Load<RegionBilling>(RegionBilling.StreamIdFor(region.Id));
        var settlement = batch.Load<RegionSettlement>(RegionBilling.StreamIdFor(region.Id));
        var closed = batch.LoadMany<ClosedBillingPeriod>().ById(months.Select(month => ClosedBillingPeriod.IdFor(region.Id, month)).ToArray());
        await batch.Execute(cancellation);

        var loadedCounty = await Counties.InstallationCountyAsync(session, county, region.CountyId, cancellation) ?? new County(region.CountyId, "(unknown county)");
        var ofCounty = CountyMunicipalities(region, loadedCounty, await Counties.RegionsOfCountryAsync(session, regionsOfCountry, region.Country));
        var municipalities = await CountyMunicipalitiesAsync(session, session.Query<Municipality>().Where(m => m.AnyTenant()).Where(ofCounty).ToListAsync(cancellation), ofCounty);

        return new RegionLedger(
            new BillingFacts(region, loadedCounty, [], municipalities, []),
            await billing,
            (await closed).OrderBy(p => p.Month).ToList(),
            new Settlement((await settlement)?.BilledLicences ?? [], new HashSet<(Guid, LineKind)>()));
    }

    /// <summary>The county's municipalities read in the session's database, with those of regions in every other database.</summary>
    private static async Task<IReadOnlyList<Municipality>> CountyMunicipalitiesAsync(
        IQuerySession session, Task<IReadOnlyList<Municipality>> inSessionsDatabase, Expression<Func<Municipality, bool>> ofCounty) =>
        [.. await inSessionsDatabase, .. await InstallationDatabases.InOtherDatabasesAsync(session,
            elsewhere => elsewhere.Query<Municipality>().Where(m => m.AnyTenant()).Where(ofCounty).ToListAsync())];

    // A municipality is its country and number: the county's numbers, joined to any region of the region's country. The
    // county rate depends on every municipality of the county taking part, whichever region it joined: the one read of
    // billing across regions (AnyTenant), of membership facts only — in every database, where regions live in their own.
    private static Expression<Func<Municipality, bool>> CountyMunicipalities(Region region, County county, IReadOnlyList<Guid> regionsOfCountry)
    {
        var regionId = region.Id;
        var countyNumbers = county.AllMunicipalities.ToArray();
        var countryRegionIds = regionsOfCountry.ToArray();
        return m => m.RegionId == regionId || (m.RegionId.IsOneOf(countryRegionIds) && m.Number.IsOneOf(countyNumbers));
    }
}
