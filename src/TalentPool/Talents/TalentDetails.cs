using FluentValidation;
using TalentPool.Common;

namespace TalentPool.Talents;

/// <summary>What a talent tells about themselves, on registration and on every profile update.</summary>
public interface ITalentDetails
{
    string FullName { get; }
    string Email { get; }
    string? Phone { get; }
    string CountryOfResidence { get; }
    string? MunicipalityOfResidence { get; }
    IReadOnlyList<string> Languages { get; }
    IReadOnlyList<string> CompetenceAreas { get; }
    EducationLevel EducationLevel { get; }
    int YearsOfExperience { get; }
    IReadOnlyList<string> PreferredMunicipalities { get; }
    AccompanyingPartner? AccompanyingPartner { get; }
    HeardAboutUsChannel HeardAboutUsVia { get; }
    string? HeardAboutUsDetails { get; }
    string? About { get; }
    bool? WillingToRelocate { get; }
}

/// <summary>One set of rules for talent details, shared by registration and profile updates.</summary>
public sealed class TalentDetailsValidator : AbstractValidator<ITalentDetails>
{
    // One message for a code too long and a code of the wrong form: an item is told once what is wrong with it.
    private const string LanguageCode = "Each language must be an ISO 639 code such as en, nb or sv.";
    private const string PreferredMunicipality = "Each preferred municipality must be a four-digit municipality number such as 3403.";

    public TalentDetailsValidator()
    {
        RuleFor(x => x.FullName).NotEmpty().MaximumLength(InputLimits.Name);
        RuleFor(x => x.Email).Cascade(CascadeMode.Stop).NotEmpty().MaximumLength(InputLimits.Email).Must(EmailAddresses.IsPlausible)
            .WithMessage("'Email' must be an e-mail address such as priya@example.com: no spaces, one @, a domain with a dot.");
        RuleFor(x => x.Phone).Cascade(CascadeMode.Stop).MaximumLength(InputLimits.Phone).Matches(@"^\+?[0-9 ()-]{5,30}$")
            .WithMessage("'Phone' must be digits, spaces, dashes or brackets, optionally starting with +.")
            .When(x => x.Phone is not null);
        RuleFor(x => x.CountryOfResidence).Cascade(CascadeMode.Stop).NotEmpty().MaximumLength(InputLimits.CountryCode).Matches("^[A-Za-z]{2}$")
            .WithMessage("'Country Of Residence' must be an ISO 3166-1 alpha-2 code such as NO, SE or IN.");
        RuleFor(x => x.MunicipalityOfResidence).Cascade(CascadeMode.Stop).MaximumLength(InputLimits.MunicipalityNumber).Matches("^[0-9]{4}$")
            .WithMessage("'Municipality Of Residence' must be a four-digit municipality number such as 3403.")
            .When(x => x.MunicipalityOfResidence is not null);
        RuleFor(x => x.Languages).NotEmpty().WithMessage("Name at least one language (ISO 639-1 code such as en or nb).")
            .MaximumItems(InputLimits.Languages)
            .DependentRules(() => RuleForEach(x => x.Languages).NotEmpty()
                .MaximumLength(InputLimits.LanguageCode).WithMessage(LanguageCode).Matches("^[A-Za-z]{2,3}$").WithMessage(LanguageCode));
        RuleFor(x => x.CompetenceAreas).NotEmpty().WithMessage("Name at least one competence area.")
            .MaximumItems(InputLimits.CompetenceAreas)
            .DependentRules(() => RuleForEach(x => x.CompetenceAreas).NotEmpty().MaximumLength(InputLimits.CompetenceArea));
        RuleFor(x => x.EducationLevel).IsNamedValue();
        RuleFor(x => x.YearsOfExperience).InclusiveBetween(0, InputLimits.YearsOfExperience);
        RuleFor(x => x.PreferredMunicipalities).NotNull()
            .MaximumItems(InputLimits.PreferredMunicipalities)
            .DependentRules(() => RuleForEach(x => x.PreferredMunicipalities).NotNull()
                .MaximumLength(InputLimits.MunicipalityNumber).WithMessage(PreferredMunicipality).Matches("^[0-9]{4}$").WithMessage(PreferredMunicipality));
        RuleFor(x => x.AccompanyingPartner!.Occupation).NotEmpty().MaximumLength(InputLimits.Name)
            .OverridePropertyName("accompanyingPartner.occupation").WithName("Accompanying partner occupation")
            .When(x => x.AccompanyingPartner is not null);
        RuleFor(x => x.HeardAboutUsVia).IsNamedValue();
        RuleFor(x => x.HeardAboutUsDetails).MaximumLength(InputLimits.Note);
        RuleFor(x => x.About).MaximumLength(InputLimits.About);
    }
}

public static class TalentDetailsExtensions
{
    /// <summary>The stored form: trimmed, codes in their canonical case, lists without duplicates.</summary>
    public static (TalentPersonalDetails Personal, TalentProfile Profile) Normalize(this ITalentDetails details) => (
        new TalentPersonalDetails(
            details.FullName.Trim(),
            details.Email.Trim(),
            NullIfBlank(details.Phone),
            NullIfBlank(details.About),
            NullIfBlank(details.HeardAboutUsDetails)),
        new TalentProfile(
            details.CountryOfResidence.Trim().ToUpperInvariant(),
            NullIfBlank(details.MunicipalityOfResidence),
            Distinct(details.Languages, code => code.Trim().ToLowerInvariant()),
            Distinct(details.CompetenceAreas, area => area.Trim()),
            details.EducationLevel,
            details.YearsOfExperience,
            Distinct(details.PreferredMunicipalities, number => number.Trim()),
            details.AccompanyingPartner is { } partner ? new AccompanyingPartner(partner.Occupation.Trim()) : null,
            details.HeardAboutUsVia,
            details.WillingToRelocate));

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static IReadOnlyList<string> Distinct(IEnumerable<string> values, Func<string, string> canonical) =>
        values.Select(canonical).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
}

/// <summary>
/// What passes for an e-mail address: local part, one @, a domain with a dot, and no whitespace or
/// control characters anywhere. Deliberately no more: the only real proof is a mail that arrives.
/// </summary>
public static partial class EmailAddresses
{
    public static bool IsPlausible(string? address) => address is not null && Shape().IsMatch(address);

    [System.Text.RegularExpressions.GeneratedRegex(@"^[^\s@\p{C}]+@[^\s@\p{C}.]+(\.[^\s@\p{C}.]+)+$")]
    private static partial System.Text.RegularExpressions.Regex Shape();
}
