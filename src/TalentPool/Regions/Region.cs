namespace TalentPool.Regions;

/// <summary>A region, its municipalities, goals and every version of its price list.</summary>
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

    public Region Apply(PriceListPublished published) => this with
    {
        PriceLists = [.. PriceLists.Where(p => p.EffectiveFrom != published.PriceList.EffectiveFrom), published.PriceList],
    };

    public PriceList? PriceListOn(DateOnly day) => PriceLists.InForceOn(day);

    public bool Includes(string municipalityNumber) => MunicipalityNumbers.Contains(municipalityNumber);
}

public static class RegionPrices
{
    /// <summary>The price list in force on a day, or a refusal naming the day.</summary>
    public static PriceList PriceListInForce(this Region region, DateOnly day) => region.PriceListOn(day)
        ?? throw new Common.RuleViolation($"Region {region.Name} has no price list in force on {day:yyyy-MM-dd}.");
}
