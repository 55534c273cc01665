using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TalentPool.Auth;
using TalentPool.Candidates;
using TalentPool.Hosting;
using TalentPool.Metrics;
using Wolverine.Http;

namespace TalentPool.Sync;

/// <summary>A candidate that changed: as it is now (<c>Upsert</c>), or gone from the caller's list (<c>Tombstone</c>, no candidate).</summary>
public sealed record CandidateChange(Guid Id, ChangeKind Kind, CandidateDetails? Candidate);

/// <summary>A page of the candidates' change feed; read the next with <c>after</c> = <c>next</c>.</summary>
public sealed record CandidateChangePage(IReadOnlyList<CandidateChange> Items, string Next, bool HasMore, ReadModelFreshness Freshness);

public static class CandidateChangesEndpoint
{
    public static ProblemDetails Validate(string? after = null, int limit = Paging.DefaultLimit) =>
        ChangeCursor.Check(SyncList.Candidates, after, limit);

    [EndpointSummary("What changed in the candidates of the caller's vacancies since a cursor")]
    [EndpointDescription("The candidates of every vacancy the caller may read (`GET /api/v1/vacancies/{vacancyId}/candidates`) as "
        + "one change feed: each candidate that changed after the cursor `after`, once, with its current shape (a rejection "
        + "reason masked after the talent's erasure reads masked), oldest change first. No `after`: from the beginning. Keep `next` "
        + "and pass it as `after`; `hasMore` says another page is ready. Partners and municipalities see their own vacancies' "
        + "candidates; recruiters and admins the region's. `waitForWrites=true` waits (at most 5 s) for the events stored before "
        + "the request. See README \"Incremental sync\".")]
    [WolverineGet("/api/v1/changes/candidates", OperationId = "ListCandidateChanges"), Tags("Sync")]
    [Authorize(Roles = $"{Roles.Partner},{Roles.Municipality},{Roles.Recruiter},{Roles.Admin}")]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    public static async Task<CandidateChangePage> Get(
        ClaimsPrincipal user, IQuerySession session, ReadModelProgress progress, CancellationToken cancellation,
        [StringLength(ChangeCursor.MaxLength), RegularExpression(ChangeCursor.Pattern)] string? after = null, [Range(1, Paging.MaxLimit)] int limit = Paging.DefaultLimit, bool waitForWrites = false)
    {
        var own = user.PartnerId() ?? user.MunicipalityId();
        var page = await ChangeFeed.ReadAsync(session, progress, SyncList.Candidates, own?.ToString(), after, limit, waitForWrites, cancellation);
        var candidates = (await session.LoadManyAsync<CandidateDetails>(cancellation, page.Rows.Select(r => r.ItemId)))
            .Where(c => own is null || c.EmployerId == own).ToDictionary(c => c.Id);
        var items = page.Rows.Select(r => candidates.GetValueOrDefault(r.ItemId) is { } candidate && r.Kind == ChangeKind.Upsert
            ? new CandidateChange(r.ItemId, ChangeKind.Upsert, candidate)
            : new CandidateChange(r.ItemId, ChangeKind.Tombstone, null)).ToList();
        return new CandidateChangePage(items, page.Next, page.HasMore, page.Freshness);
    }
}
