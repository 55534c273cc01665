using FluentValidation;
using TalentPool.Common;

namespace TalentPool.Regions;

public enum PartnerTier { Founding, Standard, Small }

public sealed record PartnerPrice(decimal MonthlyLicence, decimal HireFee);

/// <summary>Monthly licence of municipalities up to a population (inclusive); the last band has no upper bound (left out, or null).</summary>
public sealed record PopulationBand(decimal MonthlyLicence, int? UpToPopulation = null);

/// <summary>A region's prices from a date on. Amounts are in <see cref="Currency"/>; a new version is a new event.</summary>
public sealed record PriceList(
    DateOnly EffectiveFrom,
    string Currency,
    PartnerPrice Founding,
    PartnerPrice Standard,
    PartnerPrice Small,
    int SmallCompanyEmployeeThreshold,
    int FoundingCommitmentMonths,
    IReadOnlyList<PopulationBand> MunicipalityBands,
    decimal RegionalRatePerInhabitantPerYear,
    decimal CountyRatePerInhabitantPerYear)
{
    /// <summary>The prices of PRODUCT.md, in force on a fresh installation of a NOK region.</summary>
    public static PriceList Defaults(DateOnly effectiveFrom) => new(
        effectiveFrom, "NOK",
        Founding: new PartnerPrice(20_000m, 0m),
        Standard: new PartnerPrice(2_500m, 20_000m),
        Small: new PartnerPrice(1_000m, 20_000m),
        SmallCompanyEmployeeThreshold: 50,
        FoundingCommitmentMonths: 36,
        MunicipalityBands:
        [
            new(5_000m, 5_000), new(10_000m, 10_000), new(15_000m, 20_000), new(20_000m, 30_000), new(25_000m),
        ],
        RegionalRatePerInhabitantPerYear: 4m,
        CountyRatePerInhabitantPerYear: 3m);

    public PartnerPrice For(PartnerTier tier) => tier switch
    {
        PartnerTier.Founding => Founding,
        PartnerTier.Standard => Standard,
        _ => Small,
    };

    /// <summary>Small unless founding: "small" is a headcount under the threshold.</summary>
    public PartnerTier TierFor(bool founding, int employeeCount) =>
        founding ? PartnerTier.Founding : employeeCount < SmallCompanyEmployeeThreshold ? PartnerTier.Small : PartnerTier.Standard;

    public decimal MunicipalityLicence(int population) =>
        MunicipalityBands.First(band => band.UpToPopulation is null || population <= band.UpToPopulation).MonthlyLicence;
}

/// <summary>A region's price-list versions: each in its place by day, and the one in force on a day.</summary>
public static class PriceListHistory
{
    /// <summary>The versions with this one in its place by day; one already there for the same day is replaced.</summary>
    public static IReadOnlyList<PriceList> With(this IEnumerable<PriceList> versions, PriceList version) =>
        [.. versions.Where(p => p.EffectiveFrom != version.EffectiveFrom).Append(version).OrderBy(p => p.EffectiveFrom)];

    public static PriceList? InForceOn(this IEnumerable<PriceList> versions, DateOnly day) =>
        versions.Where(v => v.EffectiveFrom <= day).MaxBy(v => v.EffectiveFrom);
}

public sealed class PriceListValidator : AbstractValidator<PriceList>
{
    // The defaults are in force from 2000-01-01; a day far outside the platform's life is a typo, not a price list.
    public static readonly DateOnly EarliestEffectiveFrom = new(2000, 1, 1), LatestEffectiveFrom = new(2099, 12, 31);

    public PriceListValidator()
    {
        RuleFor(x => x.EffectiveFrom).InclusiveBetween(EarliestEffectiveFrom, LatestEffectiveFrom)
            .WithMessage($"'Effective From' is the first day the prices apply, from {EarliestEffectiveFrom:yyyy-MM-dd} to {LatestEffectiveFrom:yyyy-MM-dd}.");
        RuleFor(x => x.Currency).Cascade(CascadeMode.Stop).MaximumLength(InputLimits.CurrencyCode).Must(Money.Currencies.Contains).WithMessage("'Currency' must be one of NOK, SEK, EUR.");
        RuleFor(x => x.Founding).NotNull().SetValidator(new PartnerPriceValidator()!);
        RuleFor(x => x.Standard).NotNull().SetValidator(new PartnerPriceValidator()!);
        RuleFor(x => x.Small).NotNull().SetValidator(new PartnerPriceValidator()!);
        RuleFor(x => x.SmallCompanyEmployeeThreshold).GreaterThan(0);
        RuleFor(x => x.FoundingCommitmentMonths).InclusiveBetween(0, 120);
        RuleFor(x => x.MunicipalityBands).MaximumItems(InputLimits.PriceBands).DependentRules(() =>
        {
            RuleForEach(x => x.MunicipalityBands).NotNull();
            RuleForEach(x => x.MunicipalityBands).Must(b => b is null || b.MonthlyLicence >= 0).WithMessage("A band's monthly licence cannot be negative.");
        });
        RuleFor(x => x.MunicipalityBands).NotEmpty()
            .Must(bands => bands is null || bands.Count == 0 || bands.Any(b => b is null) || bands[^1].UpToPopulation is null)
            .WithMessage("The last municipality band must have no upper bound (upToPopulation null).")
            .Must(bands => bands is null || bands.Any(b => b is null) || bands.Take(bands.Count - 1).All(b => b.UpToPopulation is not null)
                && bands.Take(bands.Count - 1).Zip(bands.Skip(1).Take(bands.Count - 2)).All(p => p.First.UpToPopulation < p.Second.UpToPopulation))
            .WithMessage("Municipality bands must be in rising order of upToPopulation.");
        RuleFor(x => x.RegionalRatePerInhabitantPerYear).GreaterThanOrEqualTo(0);
        RuleFor(x => x.CountyRatePerInhabitantPerYear).GreaterThanOrEqualTo(0);
    }

    private sealed class PartnerPriceValidator : AbstractValidator<PartnerPrice>
    {
        public PartnerPriceValidator()
        {
            RuleFor(x => x.MonthlyLicence).GreaterThanOrEqualTo(0);
            RuleFor(x => x.HireFee).GreaterThanOrEqualTo(0);
        }
    }
}
