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
/// Three round trips, whatever the history (and however many months are read at once: <see cref="LoadMonthsAsync"/>).
/// </summary>
public static class BillingFactsLoader
{
    public static async Task<RegionLedger?> LoadAsync(IQuerySession session, Guid regionId, BillingMonth month, CancellationToken cancellation) =>
        (await LoadMonthsAsync(session, regionId, [month], cancellation)).GetValueOrDefault(month);

    /// <summary>
    /// Several months' ledgers in the round trips of one (the statements feed reads a page of months at once): the region's
    /// documents, every month's frozen statements and hires; then the county, the country's regions and (when the first open
    /// month is among them) its corrections' facts; then the municipalities. Empty when the region does not exist.
    /// </summary>
    public static async Task<IReadOnlyDictionary<BillingMonth, RegionLedger>> LoadMonthsAsync(
        IQuerySession session, Guid regionId, IReadOnlyCollection<BillingMonth> months, CancellationToken cancellation)
    {
        if (months.Count == 0) return new Dictionary<BillingMonth, RegionLedger>();
        var monthNumbers = months.Select(BillableHire.MonthNumber).Distinct().ToArray();
        var cancelledIn = monthNumbers.Select(number => (int?)number).ToArray();
        var own = session.CreateBatchQuery();
        var loadingRegion = own.Load<Region>(regionId);
        var partners = own.Query<Partner>().Where(p => p.RegionId == regionId).ToList();
        var billing = own.Load<RegionBilling>(RegionBilling.StreamIdFor(regionId));
        var settlement = own.Load<RegionSettlement>(RegionBilling.StreamIdFor(regionId));
        var frozen = own.LoadMany<ClosedBillingPeriod>().ById(months.Select(month => ClosedBillingPeriod.IdFor(regionId, month)).Distinct().ToArray());
        var hires = own.Query<BillableHire>()
            .Where(h => h.RegionId == regionId && (monthNumbers.Contains(h.HireMonth) || cancelledIn.Contains(h.CancelledMonth))).ToList();
        await own.Execute(cancellation);
        if (await loadingRegion is not { } region) return new Dictionary<BillingMonth, RegionLedger>();

        var loadedBilling = await billing;
        var loadedSettlement = await settlement;
        var corrected = loadedBilling?.FirstOpenMonth is { } firstOpen && months.Contains(firstOpen) && loadedSettlement?.LastClose is not null
            ? firstOpen : (BillingMonth?)null;

        var geography = session.CreateBatchQuery();
        var county = geography.InstallationCounty(region.CountyId);
        var regionsOfCountry = geography.Query<Region>().Where(r => r.AnyTenant() && r.Country == region.Country).Select(r => r.Id).ToList();
        // The first open month: hire facts of the closed months recorded since the last close (or racing it).
        Task<ClosedBillingPeriod?>? lastPeriod = null;
        Task<IReadOnlyList<BillableHire>>? late = null;
        var (from, to, seenSince) = (0, 0, 0);
        if (corrected is not null)
        {
            var lastClose = loadedSettlement!.LastClose!;
            (from, to, seenSince) = (BillableHire.MonthNumber(loadedBilling!.ClosedMonths.Min()), BillableHire.MonthNumber(lastClose.Month), lastClose.Change - 1);
            lastPeriod = geography.Load<ClosedBillingPeriod>(ClosedBillingPeriod.IdFor(regionId, lastClose.Month));
            var (f, t, seen) = (from, to, seenSince);
            late = geography.Query<BillableHire>().Where(h => h.RegionId == regionId && (
                (h.FeeSeen >= seen && h.HireMonth >= f && h.HireMonth <= t) ||
                (h.CreditSeen >= seen && h.CancelledMonth >= f && h.CancelledMonth <= t))).ToList();
        }
        await geography.Execute(cancellation);

        var loadedCounty = await Counties.InstallationCountyAsync(session, county, region.CountyId, cancellation) ?? new County(region.CountyId, "(unknown county)");
        var ofCounty = CountyMunicipalities(region, loadedCounty, await Counties.RegionsOfCountryAsync(session, regionsOfCountry, region.Country));
        var municipalities = await CountyMunicipalitiesAsync(session, session.Query<Municipality>().Where(m => m.AnyTenant()).Where(ofCounty).ToListAsync(cancellation), ofCounty);

        var loadedPartners = await partners;
        var frozenPeriods = (await frozen).ToDictionary(period => period.Month);
        var allHires = await hires;
        var ledgers = new Dictionary<BillingMonth, RegionLedger>();
        foreach (var month in months.Distinct())
        {
            var number = BillableHire.MonthNumber(month);
            var monthHires = allHires.Where(h => h.HireMonth == number || h.CancelledMonth == number).ToList();
            List<ClosedBillingPeriod> closedPeriods = frozenPeriods.TryGetValue(month, out var period) ? [period] : [];
            if (month != corrected)
            {
                ledgers[month] = new RegionLedger(new BillingFacts(region, loadedCounty, loadedPartners, municipalities, monthHires),
                    loadedBilling, closedPeriods, Settlement.None);
                continue;
            }
            var lateHires = await late!;
            var billedByLastClose = (await lastPeriod!)?.Statements.SelectMany(s => s.Lines)
                .Where(line => line.HireId is not null).Select(line => (line.HireId!.Value, line.Kind)).ToHashSet() ?? [];
            var unbilled = lateHires.SelectMany(hire => UnbilledLines(hire, seenSince, from, to))
                .Where(line => !billedByLastClose.Contains(line)).ToHashSet();
            var facts = new BillingFacts(region, loadedCounty, loadedPartners, municipalities,
                [.. monthHires, .. lateHires.Where(hire => monthHires.All(h => h.Id != hire.Id))]);
            ledgers[month] = new RegionLedger(facts, loadedBilling, closedPeriods, new Settlement(loadedSettlement!.BilledLicences, unbilled));
        }
        return ledgers;
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
