using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TalentPool.Auth;
using TalentPool.Hosting;
using TalentPool.Metrics;
using TalentPool.Talents;
using Wolverine.Http;

namespace TalentPool.Sync;

/// <summary>
/// A talent of the shared base that changed: as the caller may see it now (<c>Upsert</c>), with <c>VisibleUntil</c>, when
/// the consent runs out unless renewed (time alone ends it: no change is written then, so a mirror forgets the talent at
/// that moment by itself); or to forget (<c>Tombstone</c>: consent withdrawn or run out, or the talent erased), the id alone.
/// </summary>
public sealed record SharedTalentChange(Guid Id, ChangeKind Kind, SharedTalentCard? Talent, DateTimeOffset? VisibleUntil);

/// <summary>A page of the shared base's change feed; read the next with <c>after</c> = <c>next</c>.</summary>
public sealed record SharedTalentChangePage(IReadOnlyList<SharedTalentChange> Items, string Next, bool HasMore, ReadModelFreshness Freshness);

public static class SharedTalentChangesEndpoint
{
    public static ProblemDetails Validate(string? after = null, int limit = Paging.DefaultLimit) =>
        ChangeCursor.Check(SyncList.SharedTalents, after, limit);

    [EndpointSummary("What changed in the shared talent base since a cursor")]
    [EndpointDescription("The shared talent base (`GET /api/v1/shared-talents`, unfiltered) as a change feed: each talent whose "
        + "sharing with the caller's kind of member changed after the cursor `after` (registered, profile changed, consent given, "
        + "withdrawn, erased), once, oldest change first: an `Upsert` with the talent as the list shows it and `visibleUntil` (when "
        + "the consent runs out: forget the talent then unless a later change renews it), or a `Tombstone` with the id alone "
        + "(forget the talent). No `after`: from the beginning. Keep `next` and pass it as `after`; `hasMore` says another page is "
        + "ready. Partners follow the talents sharing with partners, municipalities those sharing with municipalities; an admin "
        + "chooses with `scope`. `waitForWrites=true` waits (at most 5 s) for the events stored before the request. See README "
        + "\"Incremental sync\".")]
    [WolverineGet("/api/v1/changes/shared-talents", OperationId = "ListSharedTalentChanges"), Tags("Sync")]
    [Authorize(Roles = $"{Roles.Partner},{Roles.Municipality},{Roles.Admin}")]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    public static async Task<SharedTalentChangePage> Get(
        ClaimsPrincipal user, IQuerySession session, ReadModelProgress progress, TimeProvider clock, CancellationToken cancellation,
        ConsentScope scope = ConsentScope.Partners, string? after = null, int limit = Paging.DefaultLimit, bool waitForWrites = false)
    {
        var (consentScope, validityMonths) = await SharedTalentsEndpoint.ConsentScopeOf(user, scope, session, cancellation);
        var page = await ChangeFeed.ReadAsync(
            session, progress, SyncList.SharedTalents, consentScope.ToString(), after, limit, waitForWrites, cancellation);
        var talents = (await session.LoadManyAsync<SharedTalent>(cancellation, page.Rows.Select(r => r.ItemId))).ToDictionary(t => t.Id);
        var inForceSince = TalentConsents.InForceSince(clock.GetUtcNow(), validityMonths);
        var items = page.Rows.Select(r =>
        {
            // The talent as the list would show it at this moment, whatever the row said when written: a later change
            // (or time) may have hidden it, and the talent's data is never kept in the feed itself.
            var talent = talents.GetValueOrDefault(r.ItemId);
            var since = consentScope == ConsentScope.Partners ? talent?.SharedWithPartnersSince : talent?.SharedWithMunicipalitiesSince;
            return talent is not null && since > inForceSince && r.Kind == ChangeKind.Upsert
                ? new SharedTalentChange(r.ItemId, ChangeKind.Upsert,
                    SharedTalentCard.Of(talent, Guid.Parse(session.TenantId)),
                    since.Value.AddMonths(validityMonths))
                : new SharedTalentChange(r.ItemId, ChangeKind.Tombstone, null, null);
        }).ToList();
        return new SharedTalentChangePage(items, page.Next, page.HasMore, page.Freshness);
    }
}
