using Marten;
using TalentPool.Metrics;

namespace TalentPool.Sync;

/// <summary>A page of one list's changes as stored: the rows after the cursor, in feed order.</summary>
public sealed record ChangeRows(IReadOnlyList<SyncChange> Rows, string Next, bool HasMore, ReadModelFreshness Freshness);

/// <summary>Reads a list's change feed for one audience (or every audience: recruiters and admins) after a cursor.</summary>
public static class ChangeFeed
{
    public static async Task<ChangeRows> ReadAsync(
        IQuerySession session, ReadModelProgress progress, SyncList list, string? audience, string? after, int limit, bool waitForWrites,
        CancellationToken cancellation)
    {
        ChangeCursor.TryRead(list, after, out var position, out var tieBreak);
        // Freshness first: the rows read next reflect at least that much of the events.
        var freshness = await progress.ReadAsync(session, ChangeFeedProjection.ProjectionName, waitForWrites, cancellation);
        var query = session.Query<SyncChange>().Where(x => x.List == list);
        if (audience is not null)
        {
            // One event can write many rows of one audience (the statements): they are ordered by id within its position,
            // and a page that stopped between them goes on after the last id read.
            var prefix = $"{list}:{audience}:";
            var lastId = prefix + tieBreak;
            query = tieBreak is null
                ? query.Where(x => x.Audience == audience && x.Position > position)
                : query.Where(x => x.Audience == audience && (x.Position > position || (x.Position == position && string.Compare(x.Id, lastId) > 0)));
            var rows = await query.OrderBy(x => x.Position).ThenBy(x => x.Id).Take(limit + 1).ToListAsync(cancellation);
            var page = rows.Take(limit).ToList();
            if (page.Count == 0) return new ChangeRows(page, after is null ? ChangeCursor.For(list, position) : after, false, freshness);
            var cut = rows.Count > limit && rows[limit].Position == page[^1].Position;
            return new ChangeRows(page, ChangeCursor.For(list, page[^1].Position, cut ? page[^1].Id[prefix.Length..] : null), rows.Count > limit, freshness);
        }
        else
        {
            var rows = await query.Where(x => x.Position > position).OrderBy(x => x.Position).Take(limit + 1).ToListAsync(cancellation);
            var page = rows.Take(limit).ToList();
            return new ChangeRows(page, ChangeCursor.For(list, page.Count > 0 ? page[^1].Position : position), rows.Count > limit, freshness);
        }
    }

    /// <summary>
    /// The shared base's feed of one kind of member in the session's region: its own talents' rows, and the rows other regions
    /// keep for their talents who consent (or consented) to be seen in this region or in every region — merged in position
    /// order (one database, one event sequence: a row committed later has a later position wherever it lives). One event is
    /// about one talent, so no two rows a reader reads share a position.
    /// </summary>
    public static async Task<ChangeRows> ReadSharedTalentsAsync(
        IQuerySession session, ReadModelProgress progress, string scope, string otherRegionsAudience, string? after, int limit,
        bool waitForWrites, CancellationToken cancellation)
    {
        ChangeCursor.TryRead(SyncList.SharedTalents, after, out var position);
        var freshness = await progress.ReadAsync(session, ChangeFeedProjection.ProjectionName, waitForWrites, cancellation);
        var region = session.TenantId;
        var own = await session.Query<SyncChange>()
            .Where(x => x.List == SyncList.SharedTalents && x.Audience == scope && x.Position > position)
            .OrderBy(x => x.Position).Take(limit + 1).ToListAsync(cancellation);
        var others = await session.Query<SyncChange>()
            .Where(x => x.AnyTenant() && x.List == SyncList.SharedTalents && x.Audience == otherRegionsAudience && x.Home != region
                && x.Position > position && (x.VisibleIn!.Contains(region) || x.VisibleIn!.Contains(SyncChanges.EveryRegion)))
            .OrderBy(x => x.Position).Take(limit + 1).ToListAsync(cancellation);
        var rows = own.Concat(others).OrderBy(x => x.Position).Take(limit + 1).ToList();
        var page = rows.Take(limit).ToList();
        return new ChangeRows(page, ChangeCursor.For(SyncList.SharedTalents, page.Count > 0 ? page[^1].Position : position), rows.Count > limit, freshness);
    }
}
