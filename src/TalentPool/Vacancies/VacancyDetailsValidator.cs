using FluentValidation;

namespace TalentPool.Vacancies;

public sealed class VacancyDetailsValidator : AbstractValidator<VacancyDetails>
{
    public VacancyDetailsValidator()
    {
        RuleFor(x => x.Title).NotEmpty().MaximumLength(200);
        RuleFor(x => x.Description).NotEmpty().MaximumLength(10_000);
        RuleFor(x => x.CompetenceArea).NotEmpty().MaximumLength(100);
        RuleFor(x => x.MunicipalityNumber).Matches("^[0-9]{4}$").WithMessage("'Municipality Number' has four digits, such as 3403.");
        RuleFor(x => x.Positions).InclusiveBetween(1, 1000);
        RuleFor(x => x.Deadline).NotEmpty();
        RuleFor(x => x.LanguageRequirements).NotNull();
        RuleForEach(x => x.LanguageRequirements).NotNull().Matches("^[A-Za-z]{2,3}$").WithMessage("Each language is an ISO 639 code such as en or nb.");
    }
}
