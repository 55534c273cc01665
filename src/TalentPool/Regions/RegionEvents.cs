namespace TalentPool.Regions;

public sealed record CountyRegistered(Guid CountyId, string Name);

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
