using FluentValidation;

namespace TalentPool.Regions;

/// <summary>How countries and municipality numbers are written, for every request that names them.</summary>
public static class GeographyRules
{
    public static IRuleBuilderOptions<T, string> CountryCode<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty().Matches("^[A-Za-z]{2}$").WithMessage("'Country' must be an ISO 3166-1 alpha-2 code such as NO or SE.");

    /// <summary>A list of municipality numbers is bounded: no country has more than a few hundred municipalities.</summary>
    public const int MaxMunicipalities = 500;

    public static IRuleBuilderOptions<T, IReadOnlyList<string>> MunicipalityNumberList<T>(this IRuleBuilder<T, IReadOnlyList<string>> rule) =>
        rule.Must(numbers => numbers is null || numbers.Count <= MaxMunicipalities)
            .WithMessage($"Name at most {MaxMunicipalities} municipality numbers.");

    public static IRuleBuilderOptions<T, string> MunicipalityNumber<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotNull().Matches("^[0-9]{4}$").WithMessage("Each municipality number has four digits, such as 3403.");
}
