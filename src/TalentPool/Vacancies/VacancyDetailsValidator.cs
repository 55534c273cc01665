using FluentValidation;
using TalentPool.Common;

namespace TalentPool.Vacancies;

public sealed class VacancyDetailsValidator : AbstractValidator<VacancyDetails>
{
    private const string LanguageCode = "Each language is an ISO 639 code such as en or nb.";

    public VacancyDetailsValidator()
    {
        RuleFor(x => x.Title).NotEmpty().MaximumLength(InputLimits.Name);
        RuleFor(x => x.Description).NotEmpty().MaximumLength(InputLimits.VacancyDescription);
        RuleFor(x => x.CompetenceArea).NotEmpty().MaximumLength(InputLimits.CompetenceArea);
        RuleFor(x => x.MunicipalityNumber).Cascade(CascadeMode.Stop).MaximumLength(InputLimits.MunicipalityNumber).Matches("^[0-9]{4}$").WithMessage("'Municipality Number' has four digits, such as 3403.");
        RuleFor(x => x.Positions).InclusiveBetween(1, 1000);
        RuleFor(x => x.Deadline).NotEmpty();
        RuleFor(x => x.MinimumEducationLevel).IsInEnum().When(x => x.MinimumEducationLevel is not null);
        RuleFor(x => x.MinimumYearsOfExperience).InclusiveBetween(0, InputLimits.YearsOfExperience).When(x => x.MinimumYearsOfExperience is not null);
        RuleFor(x => x.LanguageRequirements).NotNull().MaximumItems(InputLimits.Languages)
            .DependentRules(() => RuleForEach(x => x.LanguageRequirements).NotNull()
                .MaximumLength(InputLimits.LanguageCode).WithMessage(LanguageCode).Matches("^[A-Za-z]{2,3}$").WithMessage(LanguageCode));
    }
}
