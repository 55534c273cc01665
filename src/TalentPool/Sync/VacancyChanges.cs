using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TalentPool.Auth;
using TalentPool.Hosting;
using TalentPool.Metrics;
using TalentPool.Vacancies;
using Wolverine.Http;

namespace TalentPool.Sync;

/// <summary>A vacancy that changed: as it is now (<c>Upsert</c>), or gone from the caller's list (<c>Tombstone</c>, no vacancy).</summary>
public sealed record VacancyChange(Guid Id, ChangeKind Kind, VacancyView? Vacancy);

/// <summary>A page of the vacancies' change feed; read the next with <c>after</c> = <c>next</c>.</summary>
public sealed record VacancyChangePage(IReadOnlyList<VacancyChange> Items, string Next, bool HasMore, ReadModelFreshness Freshness);

public static class VacancyChangesEndpoint
{
    public static ProblemDetails Validate(string? after = null, int limit = Paging.DefaultLimit) =>
        ChangeCursor.Check(SyncList.Vacancies, after, limit);

    [EndpointSummary("What changed in the caller's vacancies since a cursor")]
    [EndpointDescription("The vacancies list (`GET /api/v1/vacancies`, unfiltered) as a change feed: each vacancy that changed "
        + "after the cursor `after`, once, with its current shape, oldest change first. No `after`: from the beginning (every vacancy). "
        + "Keep `next` and pass it as `after` (also after an empty page); `hasMore` says another page is ready. Partners and "
        + "municipalities see their own vacancies; recruiters and admins every vacancy of the region. An async read model: "
        + "`waitForWrites=true` waits (at most 5 s) for the events stored before the request. See README \"Incremental sync\".")]
    [WolverineGet("/api/v1/changes/vacancies", OperationId = "ListVacancyChanges"), Tags("Sync")]
    [Authorize(Roles = $"{Roles.Partner},{Roles.Municipality},{Roles.Recruiter},{Roles.Admin}")]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    public static async Task<VacancyChangePage> Get(
        ClaimsPrincipal user, IQuerySession session, ReadModelProgress progress, CancellationToken cancellation,
        [StringLength(ChangeCursor.MaxLength), RegularExpression(ChangeCursor.Pattern)] string? after = null, [Range(1, Paging.MaxLimit)] int limit = Paging.DefaultLimit, bool waitForWrites = false)
    {
        var own = user.PartnerId() ?? user.MunicipalityId();
        var page = await ChangeFeed.ReadAsync(session, progress, SyncList.Vacancies, own?.ToString(), after, limit, waitForWrites, cancellation);
        var vacancies = (await session.LoadManyAsync<VacancyView>(cancellation, page.Rows.Select(r => r.ItemId)))
            .Where(v => own is null || v.EmployerId == own).ToDictionary(v => v.Id);
        var items = page.Rows.Select(r => vacancies.GetValueOrDefault(r.ItemId) is { } vacancy && r.Kind == ChangeKind.Upsert
            ? new VacancyChange(r.ItemId, ChangeKind.Upsert, vacancy)
            : new VacancyChange(r.ItemId, ChangeKind.Tombstone, null)).ToList();
        return new VacancyChangePage(items, page.Next, page.HasMore, page.Freshness);
    }
}
