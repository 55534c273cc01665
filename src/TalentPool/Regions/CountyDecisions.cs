using TalentPool.Common;

namespace TalentPool.Regions;

public static class CountyDecisions
{
    public static CountyRegistered Register(Guid countyId, RegisterCounty command) =>
        new(countyId, command.Name.Trim(), command.Country.ToUpperInvariant(), [.. command.MunicipalityNumbers.Distinct()]);

    /// <summary>
    /// A county's municipalities from a date on. Its regions' municipalities must stay in it, so a list that
    /// drops one of them is refused; a county keeps its country; one list per date (a list is never overwritten).
    /// </summary>
    public static CountyMunicipalitiesRecorded RecordMunicipalities(County county, RecordCountyMunicipalities command, IReadOnlyList<Region> regionsOfCounty)
    {
        var country = command.Country.ToUpperInvariant();
        if (county.Country is { } known && known != country)
        {
            throw new RuleViolation($"County {county.Name} is in {known}, not {country}.");
        }
        if (county.Municipalities.Any(list => list.From == command.EffectiveFrom))
        {
            throw new RuleViolation($"County {county.Name} has a municipality list from {command.EffectiveFrom:yyyy-MM-dd} already; record the change from another date.");
        }

        var numbers = command.MunicipalityNumbers.Distinct().ToList();
        foreach (var region in regionsOfCounty)
        {
            if (region.Country != country)
            {
                throw new RuleViolation($"Region {region.Name} of county {county.Name} is in {region.Country}, not {country}.");
            }
            var dropped = region.MunicipalityNumbers.Except(numbers).ToList();
            if (dropped.Count > 0)
            {
                throw new RuleViolation($"Region {region.Name} ({region.Id}) groups municipality {string.Join(", ", dropped)} of county {county.Name}: the list must keep it.");
            }
        }
        return new CountyMunicipalitiesRecorded(county.Id, country, numbers, command.EffectiveFrom);
    }
}
