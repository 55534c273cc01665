using System.Security.Claims;
using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TalentPool.Auth;
using TalentPool.Common;
using TalentPool.Hosting;
using Wolverine.Http;
using Wolverine.Marten;

namespace TalentPool.Vacancies;

public sealed record UpdateVacancy(int ExpectedVersion, VacancyDetails Details);

public sealed record CloseVacancy(VacancyClosure Reason);

public sealed class UpdateVacancyValidator : AbstractValidator<UpdateVacancy>
{
    public UpdateVacancyValidator()
    {
        RuleFor(x => x.ExpectedVersion).GreaterThan(0);
        RuleFor(x => x.Details).NotNull().SetValidator(new VacancyDetailsValidator());
    }
}

public sealed class CloseVacancyValidator : AbstractValidator<CloseVacancy>
{
    public CloseVacancyValidator() => RuleFor(x => x.Reason).IsNamedValue();
}

public static class UpdateVacancyEndpoint
{
    public static ProblemDetails Validate(UpdateVacancy command, Vacancy vacancy, ClaimsPrincipal user) =>
        !user.MayChange(vacancy) ? Problems.NotFound($"No vacancy {vacancy.Id}.")
        : vacancy.Status == VacancyStatus.Closed ? Problems.Conflict($"The vacancy was closed ({vacancy.ClosedAs}); a closed vacancy is not updated.")
        : ExpectedVersion.Check(command.ExpectedVersion, vacancy.Version);

    [EndpointSummary("Update an open vacancy")]
    [EndpointDescription("Update an open vacancy: its employer or an admin.")]
    [WolverinePut("/api/v1/vacancies/{vacancyId}", OperationId = "UpdateVacancy"), Tags("Vacancies")]
    [Authorize(Roles = $"{Roles.Partner},{Roles.Municipality},{Roles.Admin}")]
    [ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict)]
    public static (UpdatedReadModel<VacancyView>, Events) Put(UpdateVacancy command, [WriteAggregate("vacancyId")] Vacancy vacancy, TimeProvider clock) =>
        (new UpdatedReadModel<VacancyView>(), [
            new VacancyUpdated(vacancy.Id, vacancy.EmployerKind, vacancy.EmployerId, VacancyRules.Normalize(command.Details), clock.GetUtcNow()),
        ]);
}

public static class CloseVacancyEndpoint
{
    public static ProblemDetails Validate(Vacancy vacancy, ClaimsPrincipal user) =>
        !user.MayChange(vacancy) ? Problems.NotFound($"No vacancy {vacancy.Id}.")
        : vacancy.Status == VacancyStatus.Closed ? Problems.Conflict($"The vacancy was closed already ({vacancy.ClosedAs}).")
        : WolverineContinue.NoProblems;

    [EndpointSummary("Close a vacancy as filled, withdrawn or expired")]
    [EndpointDescription("Close a vacancy as filled, withdrawn or expired: its employer or an admin.")]
    [WolverinePost("/api/v1/vacancies/{vacancyId}/close", OperationId = "CloseVacancy"), Tags("Vacancies")]
    [Authorize(Roles = $"{Roles.Partner},{Roles.Municipality},{Roles.Admin}")]
    [ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict)]
    public static (UpdatedReadModel<VacancyView>, Events) Post(CloseVacancy command, [WriteAggregate("vacancyId")] Vacancy vacancy, TimeProvider clock) =>
        (new UpdatedReadModel<VacancyView>(), [
            new VacancyClosed(vacancy.Id, vacancy.EmployerKind, vacancy.EmployerId, command.Reason, clock.GetUtcNow()),
        ]);
}
