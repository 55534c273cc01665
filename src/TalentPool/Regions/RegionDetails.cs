using Marten;
using Marten.Events.Aggregation;

namespace TalentPool.Regions;

/// <summary>
/// A region as any signed-in caller reads it: its county and country, currency, municipalities, goals, how long a
/// consent lasts in it, its long-range hire goal, and every version of its price list (each with the day it is in force from).
/// </summary>
public sealed record RegionDetails(
    Guid Id,
    string Name,
    Guid CountyId,
    string Country,
    string Currency,
    IReadOnlyList<string> MunicipalityNumbers,
    int MonthlyHireTarget,
    int TalentBaseGoal,
    int ConsentValidityMonths,
    IReadOnlyList<PriceList> PriceLists)
{
    public int Version { get; init; }

    /// <summary>Hires to date by the end of a month that the region's goals metric measures against (default 10,000 by 2030-12).</summary>
    public LongRangeHireGoal LongRangeGoal { get; init; } = LongRangeHireGoal.Default;

    public static Task<RegionDetails?> ReadAsync(Guid regionId, IQuerySession session, CancellationToken cancellation) =>
        session.LoadAsync<RegionDetails>(regionId, cancellation);
}

/// <summary>
/// Inline: every change to a region answers with the region as it now is, so the read model must be current when
/// the write commits; one stream, one small document, written in the write's own transaction.
/// </summary>
public sealed partial class RegionDetailsProjection : SingleStreamProjection<RegionDetails, Guid>
{
    public static RegionDetails Create(RegionRegistered registered) => new(
        registered.RegionId, registered.Name, registered.CountyId, registered.Country, registered.Currency, registered.MunicipalityNumbers,
        registered.MonthlyHireTarget, registered.TalentBaseGoal, Region.DefaultConsentValidityMonths, []);

    public static RegionDetails Apply(PriceListPublished published, RegionDetails region) =>
        region with { PriceLists = region.PriceLists.With(published.PriceList) };

    public static RegionDetails Apply(PriceListCorrected corrected, RegionDetails region) =>
        region with { PriceLists = region.PriceLists.With(corrected.PriceList) };

    public static RegionDetails Apply(ConsentValidityChanged changed, RegionDetails region) =>
        region with { ConsentValidityMonths = changed.Months };

    public static RegionDetails Apply(LongRangeGoalSet set, RegionDetails region) =>
        region with { LongRangeGoal = new LongRangeHireGoal(set.Hires, set.By) };
}
