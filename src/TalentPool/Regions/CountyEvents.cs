namespace TalentPool.Regions;

/// <summary>
/// A county as first registered: a name only. Stored as <c>county_registered.v1</c>; read back as a
/// <see cref="CountyRegistered"/> that knows no country and no municipalities (see RegionsConfiguration).
/// </summary>
public sealed record CountyRegisteredV1(Guid CountyId, string Name);

/// <summary>
/// A county with its country and every one of its municipalities, members or not: the county rate needs
/// all of them to take part. <c>Country</c> is null and the list empty only for a county registered as v1.
/// </summary>
public sealed record CountyRegistered(Guid CountyId, string Name, string? Country, IReadOnlyList<string> MunicipalityNumbers)
{
    public static CountyRegistered From(CountyRegisteredV1 v1) => new(v1.CountyId, v1.Name, null, []);
}

/// <summary>The county's municipalities from a date on: counties are reorganised, and earlier months keep the list they had.</summary>
public sealed record CountyMunicipalitiesRecorded(Guid CountyId, string Country, IReadOnlyList<string> MunicipalityNumbers, DateOnly EffectiveFrom);
