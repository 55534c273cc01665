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
