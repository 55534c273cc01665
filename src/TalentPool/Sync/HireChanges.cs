using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TalentPool.Auth;
using TalentPool.Hires;
using TalentPool.Hosting;
using TalentPool.Metrics;
using Wolverine.Http;

namespace TalentPool.Sync;

/// <summary>A hire that changed: as it is now (<c>Upsert</c>), or gone from the caller's list (<c>Tombstone</c>, no hire).</summary>
public sealed record HireChange(Guid Id, ChangeKind Kind, HireDetails? Hire);

/// <summary>A page of the hires' change feed; read the next with <c>after</c> = <c>next</c>.</summary>
public sealed record HireChangePage(IReadOnlyList<HireChange> Items, string Next, bool HasMore, ReadModelFreshness Freshness);

public static class HireChangesEndpoint
{
    public static ProblemDetails Validate(string? after = null, int limit = Paging.DefaultLimit) =>
        ChangeCursor.Check(SyncList.Hires, after, limit);

    [EndpointSummary("What changed in the caller's hires since a cursor")]
    [EndpointDescription("Hires as a change feed: each hire that changed (recorded, cancelled, ended, the \"+1\" employed) after "
        + "the cursor `after`, once, as `GET /api/v1/hires/{hireId}` reads it now, oldest change first. No `after`: from the "
        + "beginning. Keep `next` and pass it as `after`; `hasMore` says another page is ready. A partner sees its own hires; "
        + "recruiters and admins the region's. `waitForWrites=true` waits (at most 5 s) for the events stored before the request. "
        + "See README \"Incremental sync\".")]
    [WolverineGet("/api/v1/changes/hires", OperationId = "ListHireChanges"), Tags("Sync")]
    [Authorize(Roles = $"{Roles.Partner},{Roles.Recruiter},{Roles.Admin}")]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    public static async Task<HireChangePage> Get(
        ClaimsPrincipal user, IQuerySession session, ReadModelProgress progress, CancellationToken cancellation,
        [StringLength(ChangeCursor.MaxLength), RegularExpression(ChangeCursor.Pattern)] string? after = null, [Range(1, Paging.MaxLimit)] int limit = Paging.DefaultLimit, bool waitForWrites = false)
    {
        var own = user.PartnerId();
        var page = await ChangeFeed.ReadAsync(session, progress, SyncList.Hires, own?.ToString(), after, limit, waitForWrites, cancellation);
        var hires = (await session.LoadManyAsync<Hire>(cancellation, page.Rows.Select(r => r.ItemId)))
            .Where(h => own is null || h.PartnerId == own).ToDictionary(h => h.Id, HireDetails.Of);
        var items = page.Rows.Select(r => hires.GetValueOrDefault(r.ItemId) is { } hire && r.Kind == ChangeKind.Upsert
            ? new HireChange(r.ItemId, ChangeKind.Upsert, hire)
            : new HireChange(r.ItemId, ChangeKind.Tombstone, null)).ToList();
        return new HireChangePage(items, page.Next, page.HasMore, page.Freshness);
    }
}
