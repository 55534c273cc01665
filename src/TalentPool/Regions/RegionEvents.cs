using TalentPool.Common;

namespace TalentPool.Regions;

/// <summary>A region groups municipalities by number — all of them, members or not, since the regional rate needs every one to take part.</summary>
public sealed record RegionRegistered(
    Guid RegionId,
    string Name,
    Guid CountyId,
    string Country,
    string Currency,
    IReadOnlyList<string> MunicipalityNumbers,
    int MonthlyHireTarget,
    int TalentBaseGoal);

public sealed record PriceListPublished(Guid RegionId, PriceList PriceList);

/// <summary>The version in force from the same <c>EffectiveFrom</c> was wrong and is replaced by this one, for a reason.</summary>
public sealed record PriceListCorrected(Guid RegionId, PriceList PriceList, string Reason);

/// <summary>How long a talent's consent to share lasts in this region before it must be renewed.</summary>
public sealed record ConsentValidityChanged(Guid RegionId, int Months);

/// <summary>The region's long-range goal from now on: <c>Hires</c> to date by the end of the month <c>By</c>.</summary>
public sealed record LongRangeGoalSet(Guid RegionId, int Hires, BillingMonth By);

/// <summary>Hires to date by the end of a month; a region that never set one has <see cref="Default"/>.</summary>
public sealed record LongRangeHireGoal(int Hires, BillingMonth By)
{
    /// <summary>T10's figure (PRODUCT.md): 10,000 jobs by 2030, read as by the end of December 2030.</summary>
    public static readonly LongRangeHireGoal Default = new(10_000, new BillingMonth(2030, 12));
}
