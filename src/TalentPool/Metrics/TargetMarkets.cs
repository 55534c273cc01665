using TalentPool.Common;

namespace TalentPool.Metrics;

/// <summary>How many registrations or hires came from one competence area.</summary>
public sealed record CompetenceAreaTotal(string CompetenceArea, int Count);

/// <summary>
/// Registrations or hires over a period: in all, by country, by competence area (a talent with two areas counts in both)
/// and by country and competence area; most first, then by name.
/// </summary>
public sealed record TargetMarketCounts(
    int Total, IReadOnlyList<CountryCount> ByCountry, IReadOnlyList<CompetenceAreaTotal> ByCompetenceArea,
    IReadOnlyList<CountryCompetenceAreaCount> ByCountryAndCompetenceArea);

/// <summary>
/// A region's target markets over a period (PRODUCT.md: "Target markets: registrations and hires by country and
/// competence area"). <c>Registrations</c> are the region's own (<c>RegistrationsScope</c> = "region": talents register in a
/// region, its tenant). <c>Hires</c> are the region's, in their hire date's month.
/// </summary>
public sealed record RegionTargetMarketsAnswer(
    Guid RegionId, string From, string To, string RegistrationsScope, TargetMarketCounts Registrations, TargetMarketCounts Hires,
    ReadModelFreshness Freshness);

/// <summary>The arithmetic of target markets, pure: the months' documents in, the period's counts out.</summary>
public static class TargetMarkets
{
    public const string RegionScope = "region";

    public static TargetMarketCounts Sum(IEnumerable<TargetMarketMonth> months)
    {
        var list = months.ToList();
        var cells = list.SelectMany(m => m.ByCountryAndCompetenceArea)
            .GroupBy(c => (c.Country, c.CompetenceArea))
            .Select(g => new CountryCompetenceAreaCount(g.Key.Country, g.Key.CompetenceArea, g.Sum(c => c.Count)))
            .OrderByDescending(c => c.Count).ThenBy(c => c.Country, StringComparer.Ordinal).ThenBy(c => c.CompetenceArea, StringComparer.Ordinal)
            .ToList();
        var byCountry = list.SelectMany(m => m.ByCountry)
            .GroupBy(c => c.Country)
            .Select(g => new CountryCount(g.Key, g.Sum(c => c.Count)))
            .OrderByDescending(c => c.Count).ThenBy(c => c.Country, StringComparer.Ordinal)
            .ToList();
        // A talent has one country, so its (talent, area) pairs fall in exactly one cell each: an area's total is its cells' sum.
        var byArea = cells.GroupBy(c => c.CompetenceArea)
            .Select(g => new CompetenceAreaTotal(g.Key, g.Sum(c => c.Count)))
            .OrderByDescending(c => c.Count).ThenBy(c => c.CompetenceArea, StringComparer.Ordinal)
            .ToList();
        return new TargetMarketCounts(list.Sum(m => m.Total), byCountry, byArea, cells);
    }

    public static IReadOnlyList<string> RegistrationIds(IReadOnlyList<BillingMonth> months) =>
        [.. months.Select(m => TargetMarketMonth.RegistrationsId(m.FirstDay))];

    public static IReadOnlyList<string> HireIds(Guid regionId, IReadOnlyList<BillingMonth> months) =>
        [.. months.Select(m => TargetMarketMonth.HiresId(regionId, m.FirstDay))];
}
