using System.Security.Claims;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TalentPool.Auth;
using TalentPool.Common;
using TalentPool.Hosting;
using TalentPool.Municipalities;
using TalentPool.Partners;
using Wolverine.Http;
using Wolverine.Marten;

namespace TalentPool.Vacancies;

/// <summary>
/// Post a vacancy. A partner or municipality posts as itself; an admin names the employer
/// (<c>employerKind</c>, <c>employerId</c>), which others may leave out.
/// </summary>
public sealed record PostVacancy(VacancyDetails Details, EmployerKind? EmployerKind = null, Guid? EmployerId = null);

public sealed class PostVacancyValidator : AbstractValidator<PostVacancy>
{
    public PostVacancyValidator()
    {
        RuleFor(x => x.Details).NotNull().SetValidator(new VacancyDetailsValidator());
        RuleFor(x => x.EmployerId).NotNull().When(x => x.EmployerKind is not null)
            .WithMessage("Name the employer's id with its kind.");
    }
}

/// <summary>The employer a vacancy is posted for, and its region.</summary>
public sealed record VacancyEmployer(EmployerKind Kind, Guid Id, Guid RegionId, bool IsMemberToday);

public static class PostVacancyEndpoint
{
    public static async Task<VacancyEmployer?> LoadAsync(
        PostVacancy command, ClaimsPrincipal user, IQuerySession session, TimeProvider clock, CancellationToken cancellation)
    {
        // A member whose cancellation or leaving is dated later is a member today: it posts until that day.
        var today = clock.Today();
        var (kind, id) = user.PartnerId() is { } partnerId ? (EmployerKind.Partner, partnerId)
            : user.MunicipalityId() is { } municipalityId ? (EmployerKind.Municipality, municipalityId)
            : (command.EmployerKind ?? EmployerKind.Partner, command.EmployerId ?? Guid.Empty);
        if (kind == EmployerKind.Partner)
        {
            var partner = await session.LoadAsync<Partner>(id, cancellation);
            return partner is null ? null : new VacancyEmployer(kind, id, partner.RegionId, partner.IsMemberOn(today));
        }
        var municipality = await session.LoadAsync<Municipality>(id, cancellation);
        return municipality is null ? null : new VacancyEmployer(kind, id, municipality.RegionId, municipality.IsMemberOn(today));
    }

    public static ProblemDetails Validate(PostVacancy command, VacancyEmployer? employer) => employer switch
    {
        null => Problems.NotFound("No such employer: an admin names an existing partner or municipality."),
        { IsMemberToday: false } => Problems.Conflict("Only a current member posts vacancies."),
        _ => WolverineContinue.NoProblems,
    };

    [EndpointSummary("Post a vacancy (partner, municipality, admin)")]
    [EndpointDescription("Post a vacancy (partner, municipality, admin). 404: The employer named by an admin does not exist. 409: The employer's membership has ended.")]
    [WolverinePost("/api/v1/vacancies", OperationId = "PostVacancy"), Tags("Vacancies")]
    [Authorize(Roles = $"{Roles.Partner},{Roles.Municipality},{Roles.Admin}")]
    [ProducesProblem(StatusCodes.Status404NotFound), ProducesProblem(StatusCodes.Status409Conflict)]
    public static (CreatedResponse, IStartStream) Post(PostVacancy command, VacancyEmployer employer, TimeProvider clock)
    {
        var posted = new VacancyPosted(Guid.CreateVersion7(), employer.Kind, employer.Id, employer.RegionId, VacancyRules.Normalize(command.Details), clock.GetUtcNow());
        return (new CreatedResponse(posted.VacancyId, $"/api/v1/vacancies/{posted.VacancyId}"), MartenOps.StartStream<Vacancy>(posted.VacancyId, posted));
    }
}

public static class VacancyRules
{
    public static VacancyDetails Normalize(VacancyDetails details) => details with
    {
        Title = details.Title.Trim(),
        CompetenceArea = details.CompetenceArea.Trim(),
        LanguageRequirements = [.. details.LanguageRequirements.Select(l => l.Trim().ToLowerInvariant()).Distinct()],
    };

    /// <summary>Employers see their own vacancies; recruiters and admins see all. Anyone else is told it does not exist.</summary>
    public static bool MaySee(this ClaimsPrincipal user, Guid employerId) =>
        user.IsAdmin() || user.IsInRole(Roles.Recruiter) || user.Is(employerId);

    public static bool MayChange(this ClaimsPrincipal user, Vacancy vacancy) => user.IsAdmin() || user.Is(vacancy.EmployerId);
}
