using TalentPool.Common;

namespace TalentPool.Regions;

/// <summary>What registering a region records: the region, its first price list, and a claim on each of its municipality numbers.</summary>
public sealed record RegionRegistration(RegionRegistered Registered, PriceListPublished Prices, IReadOnlyList<MunicipalityNumberClaimed> Claims);

public static class RegionDecisions
{
    /// <summary>
    /// A region lies in its county's country and groups municipalities of its county (when the county knows
    /// them); a municipality number belongs to one region per country, so a number another region has is refused.
    /// </summary>
    public static RegionRegistration Register(Guid regionId, RegisterRegion command, County county, IReadOnlyList<Region> regionsOfCountry)
    {
        var country = command.Country.ToUpperInvariant();
        var numbers = command.MunicipalityNumbers.Distinct().ToList();
        if (county.Country is { } countyCountry && countyCountry != country)
        {
            throw new RuleViolation($"County {county.Name} is in {countyCountry}, not {country}: a region lies in its county's country.");
        }
        if (county.KnowsItsMunicipalities && numbers.Except(county.LatestMunicipalities).ToList() is { Count: > 0 } outside)
        {
            throw new RuleViolation($"Municipality {string.Join(", ", outside)} is not in county {county.Name}; a county that was reorganised records its municipalities first.");
        }
        foreach (var other in regionsOfCountry.Where(r => r.Country == country))
        {
            if (other.MunicipalityNumbers.Intersect(numbers).FirstOrDefault() is { } taken)
            {
                throw new RuleViolation($"Municipality {taken} in {country} belongs to region {other.Name} ({other.Id}) already.");
            }
        }

        var registered = new RegionRegistered(regionId, command.Name.Trim(), command.CountyId, country, command.Currency, numbers,
            command.MonthlyHireTarget ?? 200, command.TalentBaseGoal ?? 10_000);
        // The defaults are data too: an event, so a later price list is simply a newer version.
        var prices = new PriceListPublished(regionId, command.PriceList ?? PriceList.Defaults(new DateOnly(2000, 1, 1)));
        var claims = numbers.Select(number => new MunicipalityNumberClaimed(MunicipalityNumberClaim.IdFor(country, number), country, number, regionId)).ToList();
        return new RegionRegistration(registered, prices, claims);
    }
}
