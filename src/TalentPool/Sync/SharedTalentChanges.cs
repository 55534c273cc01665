using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TalentPool.Auth;
using TalentPool.Hosting;
using TalentPool.Metrics;
using TalentPool.Regions;
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
        ConsentScope scope = ConsentScope.Partners, [StringLength(ChangeCursor.MaxLength), RegularExpression(ChangeCursor.Pattern)] string? after = null, [Range(1, Paging.MaxLimit)] int limit = Paging.DefaultLimit, bool waitForWrites = false)
    {
        var (consentScope, validityMonths) = await SharedTalentsEndpoint.ConsentScopeOf(user, scope, session, cancellation);
        var page = await ChangeFeed.ReadSharedTalentsAsync(session, progress, consentScope.ToString(),
            SyncChanges.OtherRegionsAudience(consentScope), after, limit, waitForWrites, cancellation);
        // The talents as the list shows them at this moment, whatever the rows said when written: its own region's, and other
        // regions' who consent to be seen here with their consent in force at home too (the search's own conditions). A later
        // change (or time) may have hidden one, and the talent's data is never kept in the feed itself.
        var now = clock.GetUtcNow();
        var filter = new SharedTalentFilter(consentScope, TalentConsents.InForceSince(now, validityMonths), OtherRegions: true, Now: now);
        var ids = page.Rows.Select(r => r.ItemId).ToList();
        var visible = (await SharedTalentSearch.FindManyAsync(session, filter, ids, cancellation)).ToDictionary(match => match.Talent.Id);
        // Rows from regions on other databases (ChangeFeed.ReadSharedTalentsAsync): their talents are read there.
        foreach (var match in await OtherRegionsDatabases.FindManyAsync(session, filter, [.. ids.Where(id => !visible.ContainsKey(id))], cancellation))
            visible[match.Talent.Id] = match;
        var homes = visible.Values.Select(match => Guid.Parse(match.HomeRegion)).Where(home => home != RegionTenancy.RegionOf(session)).Distinct().ToArray();
        var homeValidity = homes.Length == 0 ? new Dictionary<Guid, int>() : (await session.Query<Region>()
            .Where(r => r.AnyTenant() && homes.Contains(r.Id)).ToListAsync(cancellation))
            .Concat(await InstallationDatabases.InOtherDatabasesAsync(session, elsewhere => elsewhere.Query<Region>().Where(r => r.AnyTenant() && homes.Contains(r.Id)).ToListAsync()))
            .ToDictionary(r => r.Id, r => r.ConsentValidityMonths);
        var items = page.Rows.Select(r =>
        {
            if (r.Kind != ChangeKind.Upsert || visible.GetValueOrDefault(r.ItemId) is not { } match)
                return new SharedTalentChange(r.ItemId, ChangeKind.Tombstone, null, null);
            var card = SharedTalentCard.Of(match);
            var since = (consentScope == ConsentScope.Partners ? match.Talent.SharedWithPartnersSince : match.Talent.SharedWithMunicipalitiesSince)!.Value;
            // Another region's talent: the shorter of the two validities (this region's and its home region's) ends it.
            var months = homeValidity.TryGetValue(card.HomeRegionId, out var atHome) ? Math.Min(validityMonths, atHome) : validityMonths;
            return new SharedTalentChange(r.ItemId, ChangeKind.Upsert, card, since.AddMonths(months));
        }).ToList();
        return new SharedTalentChangePage(items, page.Next, page.HasMore, page.Freshness);
    }
}
