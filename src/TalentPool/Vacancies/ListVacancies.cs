using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TalentPool.Common;
using TalentPool.Auth;
using TalentPool.Hosting;
using Wolverine.Http;

namespace TalentPool.Vacancies;

/// <summary>A page of vacancies; pass <c>next</c> as <c>after</c> for the following page.</summary>
public sealed record VacancyPage(IReadOnlyList<VacancyView> Items, Guid? Next);

public static class ListVacanciesEndpoint
{
    public static ProblemDetails Validate(int limit = Paging.DefaultLimit) => Paging.CheckLimit(limit);

    [EndpointSummary("List vacancies, newest first, filtered by status, competence area, municipality number or partner")]
    [EndpointDescription("List vacancies, newest first, filtered by status, competence area, municipality number or partner. Paging is by cursor, so a page never repeats or skips a vacancy when new ones are posted meanwhile. Partners and municipalities see their own vacancies only.")]
    [WolverineGet("/api/v1/vacancies", OperationId = "ListVacancies"), Tags("Vacancies")]
    [Authorize(Roles = $"{Roles.Partner},{Roles.Municipality},{Roles.Recruiter},{Roles.Admin}")]
    public static async Task<VacancyPage> List(
        ClaimsPrincipal user, IQuerySession session, CancellationToken cancellation,
        VacancyStatus? status = null, [StringLength(InputLimits.CompetenceArea)] string? competenceArea = null, [StringLength(InputLimits.MunicipalityNumber)] string? municipality = null, Guid? partnerId = null,
        Guid? after = null, [Range(1, Paging.MaxLimit)] int limit = Paging.DefaultLimit)
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
