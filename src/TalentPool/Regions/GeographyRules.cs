using FluentValidation;
using TalentPool.Common;

namespace TalentPool.Regions;

/// <summary>
/// How countries and municipality numbers are written, for every request that names them. A value that is too long
/// is told what is wrong with it once: a country is checked for its form only within its bound, and a municipality
/// number, an item of a list (where stopping at the first error would stop at the first item), says the same either way.
/// </summary>
public static class GeographyRules
{
    public static IRuleBuilderOptions<T, string> CountryCode<T>(this IRuleBuilderInitial<T, string> rule) =>
        rule.Cascade(CascadeMode.Stop).NotEmpty().MaximumLength(InputLimits.CountryCode).Matches("^[A-Za-z]{2}$")
            .WithMessage("'Country' must be an ISO 3166-1 alpha-2 code such as NO or SE.");

    public static IRuleBuilderOptions<T, IReadOnlyList<string>> MunicipalityNumberList<T>(this IRuleBuilder<T, IReadOnlyList<string>> rule) =>
        rule.MaximumItems(InputLimits.Municipalities);

    public static IRuleBuilderOptions<T, string> MunicipalityNumber<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotNull().MaximumLength(InputLimits.MunicipalityNumber).WithMessage(FourDigits).Matches("^[0-9]{4}$").WithMessage(FourDigits);

    private const string FourDigits = "Each municipality number has four digits, such as 3403.";
}
