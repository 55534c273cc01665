using System.Text.Json.Serialization;

namespace TalentPool.Regions;

/// <summary>The county's municipalities from a day on; <c>From</c> is null for the list it was registered with, in force before any later one.</summary>
public sealed record CountyMunicipalities(DateOnly? From, IReadOnlyList<string> Numbers);

public static class CountyMunicipalityLists
{
    /// <summary>A list from a date takes its place in the timeline; the lists before and after it stay.</summary>
    public static IReadOnlyList<CountyMunicipalities> With(
        this IEnumerable<CountyMunicipalities> lists, CountyMunicipalitiesRecorded recorded) =>
        [.. lists.Append(new CountyMunicipalities(recorded.EffectiveFrom, recorded.MunicipalityNumbers))
            .OrderBy(list => list.From ?? DateOnly.MinValue)];

    public static IReadOnlyList<CountyMunicipalities> Of(CountyRegistered registered) =>
        registered.MunicipalityNumbers.Count > 0 ? [new CountyMunicipalities(null, registered.MunicipalityNumbers)] : [];
}

/// <summary>
/// The state a county's decisions are taken on (its country and its municipalities over time), built only from its
/// events; billing reads it too. Not an answer of the API: readers get <see cref="CountyDetails"/>.
/// </summary>
public sealed record County(Guid Id, string Name)
{
    public int Version { get; init; }

    // Init properties with defaults, not constructor parameters: a county document stored before v2 has
    // neither, and reads as a county that knows no country and no municipalities.
    public string? Country { get; init; }

    public IReadOnlyList<CountyMunicipalities> Municipalities { get; init; } = [];

    /// <summary>False for a county registered as v1 until its list is recorded: such a county never gives the county rate.</summary>
    [JsonIgnore]
    public bool KnowsItsMunicipalities => Municipalities.Count > 0;

    /// <summary>The municipalities of the county on a day; none when it does not know them.</summary>
    public IReadOnlyList<string> MunicipalitiesOn(DateOnly day) =>
        Municipalities.LastOrDefault(list => list.From is null || list.From <= day)?.Numbers ?? [];

    /// <summary>The county as it is, or will be after the last recorded reorganisation.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> LatestMunicipalities => Municipalities.Count > 0 ? Municipalities[^1].Numbers : [];

    /// <summary>Every number the county has ever had, for loading what billing may need.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> AllMunicipalities => [.. Municipalities.SelectMany(list => list.Numbers).Distinct()];

    public static County Create(CountyRegistered registered) => new(registered.CountyId, registered.Name)
    {
        Country = registered.Country,
        Municipalities = CountyMunicipalityLists.Of(registered),
    };

    /// <summary>A list from a date takes its place in the timeline; the lists before and after it stay.</summary>
    public County Apply(CountyMunicipalitiesRecorded recorded) =>
        this with { Country = recorded.Country, Municipalities = Municipalities.With(recorded) };
}
