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
        ChangeCursor.TryRead(list, after, out var position);
        // Freshness first: the rows read next reflect at least that much of the events.
        var freshness = await progress.ReadAsync(session, ChangeFeedProjection.ProjectionName, waitForWrites, cancellation);
        var query = session.Query<SyncChange>().Where(x => x.List == list && x.Position > position);
        if (audience is not null) query = query.Where(x => x.Audience == audience);
        var rows = await query.OrderBy(x => x.Position).Take(limit + 1).ToListAsync(cancellation);
        var page = rows.Take(limit).ToList();
        return new ChangeRows(page, ChangeCursor.For(list, page.Count > 0 ? page[^1].Position : position), rows.Count > limit, freshness);
    }
}
