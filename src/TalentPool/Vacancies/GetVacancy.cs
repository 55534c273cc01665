using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TalentPool.Auth;
using TalentPool.Hosting;
using Wolverine.Http;

namespace TalentPool.Vacancies;

public static class GetVacancyEndpoint
{
    [EndpointSummary("Read a vacancy")]
    [EndpointDescription("Read a vacancy: its employer, recruiters, admins. To anyone else it does not exist.")]
    [WolverineGet("/api/v1/vacancies/{vacancyId}", OperationId = "GetVacancy"), Tags("Vacancies")]
    [Authorize(Roles = $"{Roles.Partner},{Roles.Municipality},{Roles.Recruiter},{Roles.Admin}")]
    [ProducesResponseType<VacancyView>(StatusCodes.Status200OK)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(Guid vacancyId, ClaimsPrincipal user, IQuerySession session, CancellationToken cancellation)
    {
        var vacancy = await VacancyView.ReadAsync(vacancyId, session, cancellation);
        return vacancy is not null && user.MaySee(vacancy.EmployerId) ? Results.Ok(vacancy) : Results.Problem(Problems.NotFound($"No vacancy {vacancyId}."));
    }
}
