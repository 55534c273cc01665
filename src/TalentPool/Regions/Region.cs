namespace TalentPool.Regions;

/// <summary>
/// The state a region's decisions are taken on (its municipalities, consent validity and every version of its price
/// list), built only from its events; billing and other features read it too. Not an answer of the API: readers get
/// <see cref="RegionDetails"/>.
/// </summary>
public sealed record Region(
    Guid Id,
    string Name,
    Guid CountyId,
    string Country,
    string Currency,
    IReadOnlyList<string> MunicipalityNumbers,
    int MonthlyHireTarget,
    int TalentBaseGoal,
    IReadOnlyList<PriceList> PriceLists)
{
    public const int DefaultConsentValidityMonths = 24;

    public int Version { get; init; }

    public int ConsentValidityMonths { get; init; } = DefaultConsentValidityMonths;

    public Region Apply(ConsentValidityChanged changed) => this with { ConsentValidityMonths = changed.Months };

    public static Region Create(RegionRegistered registered) => new(
        registered.RegionId, registered.Name, registered.CountyId, registered.Country, registered.Currency,
        registered.MunicipalityNumbers, registered.MonthlyHireTarget, registered.TalentBaseGoal, []);

    // Versions are a timeline by effectiveFrom: a back-dated version takes its place and leaves later ones alone.
    // A second version for the same day replaces the first: a correction, or a stored duplicate from before duplicates were refused.
    public Region Apply(PriceListPublished published) => WithPriceList(published.PriceList);

    public Region Apply(PriceListCorrected corrected) => WithPriceList(corrected.PriceList);

    private Region WithPriceList(PriceList version) => this with { PriceLists = PriceLists.With(version) };

    public PriceList? PriceListOn(DateOnly day) => PriceLists.InForceOn(day);

    public bool Includes(string municipalityNumber) => MunicipalityNumbers.Contains(municipalityNumber);
}

public static class RegionPrices
{
    /// <summary>The price list in force on a day, or a refusal naming the day.</summary>
    public static PriceList PriceListInForce(this Region region, DateOnly day) => region.PriceListOn(day)
        ?? throw new Common.RuleViolation(NoPriceListOn(region, day));

    public static string NoPriceListOn(Region region, DateOnly day) =>
        $"Region {region.Name} has no price list in force on {day:yyyy-MM-dd}" +
        (region.PriceLists.Count > 0 ? $" (its first is in force from {region.PriceLists.Min(p => p.EffectiveFrom):yyyy-MM-dd})." : ".");
}
