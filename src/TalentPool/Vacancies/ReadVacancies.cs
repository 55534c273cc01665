using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TalentPool.Auth;
using TalentPool.Hosting;
using Wolverine.Http;

namespace TalentPool.Vacancies;

/// <summary>A page of vacancies; pass <c>next</c> as <c>after</c> for the following page.</summary>
public sealed record VacancyPage(IReadOnlyList<VacancyView> Items, Guid? Next);

public static class ReadVacancyEndpoints
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

    public static ProblemDetails Validate(int limit = Paging.DefaultLimit) => Paging.CheckLimit(limit);

    [EndpointSummary("List vacancies, newest first, filtered by status, competence area, municipality number or partner")]
    [EndpointDescription("List vacancies, newest first, filtered by status, competence area, municipality number or partner. Paging is by cursor, so a page never repeats or skips a vacancy when new ones are posted meanwhile. Partners and municipalities see their own vacancies only.")]
    [WolverineGet("/api/v1/vacancies", OperationId = "ListVacancies"), Tags("Vacancies")]
    [Authorize(Roles = $"{Roles.Partner},{Roles.Municipality},{Roles.Recruiter},{Roles.Admin}")]
    public static async Task<VacancyPage> List(
        ClaimsPrincipal user, IQuerySession session, CancellationToken cancellation,
        VacancyStatus? status = null, string? competenceArea = null, string? municipality = null, Guid? partnerId = null,
        Guid? after = null, int limit = Paging.DefaultLimit)
    {
        var query = session.Query<VacancyView>().AsQueryable();
        var ownId = user.PartnerId() ?? user.MunicipalityId();
        if (ownId is { } own) query = query.Where(v => v.EmployerId == own);
        else if (partnerId is { } partner) query = query.Where(v => v.EmployerId == partner && v.EmployerKind == EmployerKind.Partner);
        if (status is { } s) query = query.Where(v => v.Status == s);
        if (!string.IsNullOrWhiteSpace(competenceArea)) query = query.Where(v => v.Details.CompetenceArea == competenceArea);
        if (!string.IsNullOrWhiteSpace(municipality)) query = query.Where(v => v.Details.MunicipalityNumber == municipality);
        // Ids are version-7 GUIDs: time-ordered, unique, so "before this id" is a stable cursor.
        if (after is { } cursor) query = query.Where(v => v.Id < cursor);

        var items = await query.OrderByDescending(v => v.Id).Take(limit + 1).ToListAsync(cancellation);
        var page = items.Take(limit).ToList();
        return new VacancyPage(page, items.Count > limit ? page[^1].Id : null);
    }
}
