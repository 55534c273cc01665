using FluentValidation;
using TalentPool.Common;

namespace TalentPool.Regions;

/// <summary>How countries and municipality numbers are written, for every request that names them.</summary>
public static class GeographyRules
{
    public static IRuleBuilderOptions<T, string> CountryCode<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty().MaximumLength(InputLimits.CountryCode).Matches("^[A-Za-z]{2}$")
            .WithMessage("'Country' must be an ISO 3166-1 alpha-2 code such as NO or SE.");

    public static IRuleBuilderOptions<T, IReadOnlyList<string>> MunicipalityNumberList<T>(this IRuleBuilder<T, IReadOnlyList<string>> rule) =>
        rule.MaximumItems(InputLimits.Municipalities);

    public static IRuleBuilderOptions<T, string> MunicipalityNumber<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotNull().MaximumLength(InputLimits.MunicipalityNumber).Matches("^[0-9]{4}$")
            .WithMessage("Each municipality number has four digits, such as 3403.");
}
