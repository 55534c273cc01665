using Marten;
using TalentPool.Metrics;
using System.Security.Cryptography;
using System.Text;
using Marten.Storage;

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
    /// <remarks>
    /// Regions in databases of their own (Hosting/RegionDatabases.cs): each database has its own event sequence and its own
    /// daemon, so positions of two databases cannot be compared. The cursor then holds a position per database
    /// (<see cref="SharedTalentsCursor"/>): the reader's database's rows come first, then each other database's rows of its
    /// regions' talents consenting to this region, each after its own position and in its own order — each database's part is
    /// gap-free as one database's feed is, and a page advances each position only past the rows it returned. A talent lives in
    /// one database, so its rows are in one part only.
    /// </remarks>
    public static async Task<ChangeRows> ReadSharedTalentsAsync(
        IQuerySession session, ReadModelProgress progress, string scope, string otherRegionsAudience, string? after, int limit,
        bool waitForWrites, CancellationToken cancellation)
    {
        ChangeCursor.TryRead(SyncList.SharedTalents, after, out var position, out var elsewhereText);
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
        var hasMore = rows.Count > limit;
        if (page.Count > 0) position = page[^1].Position;

        var was = SharedTalentsCursor.Positions(elsewhereText);
        var elsewhere = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var database in await Talents.OtherRegionsDatabases.OthersAsync(session))
        {
            var key = SharedTalentsCursor.KeyOf(database);
            var from = was.GetValueOrDefault(key);
            await using var other = Talents.OtherRegionsDatabases.SessionOn(session, database);
            // Its daemon's progress too: a page reflects the writes of every database it reads when asked to wait for them.
            var theirs = await progress.ReadAsync(other, ChangeFeedProjection.ProjectionName, waitForWrites, cancellation);
            if (freshness.Wait is null or WaitOutcome.Reached && theirs.Wait is not (null or WaitOutcome.Reached)) freshness = theirs;
            var room = limit - page.Count;
            var theirRows = await other.Query<SyncChange>()
                .Where(x => x.AnyTenant() && x.List == SyncList.SharedTalents && x.Audience == otherRegionsAudience && x.Home != region
                    && x.Position > from && (x.VisibleIn!.Contains(region) || x.VisibleIn!.Contains(SyncChanges.EveryRegion)))
                .OrderBy(x => x.Position).Take(room + 1).ToListAsync(cancellation);
            var taken = theirRows.Take(room).ToList();
            page.AddRange(taken);
            hasMore |= theirRows.Count > taken.Count;
            elsewhere[key] = taken.Count > 0 ? taken[^1].Position : from;
        }
        return new ChangeRows(page, SharedTalentsCursor.For(position, elsewhere), hasMore, freshness);
    }
}

/// <summary>
/// The shared-talents feed's cursor when regions live in several databases: the reader's database's position, and one per other
/// database (a short key of the database: the first 8 hex digits of SHA-256 of its id, then its position), carried in the
/// cursor's tie-break part (<c>key-position/key-position</c>). With one database it is the plain cursor, so cursors made before
/// a region moved to a database of its own stay valid (the other databases then start from their beginning).
/// </summary>
public static class SharedTalentsCursor
{
    public static string KeyOf(IMartenDatabase database) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(database.Id.ToString()!)))[..8].ToLowerInvariant();

    public static string For(long position, IReadOnlyDictionary<string, long> elsewhere) => elsewhere.Count == 0
        ? ChangeCursor.For(SyncList.SharedTalents, position)
        : ChangeCursor.For(SyncList.SharedTalents, position, string.Join('/', elsewhere.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key}-{e.Value}")));

    /// <summary>The other databases' positions a cursor's tie-break part holds (none without one).</summary>
    public static IReadOnlyDictionary<string, long> Positions(string? text)
    {
        var positions = new Dictionary<string, long>(StringComparer.Ordinal);
        if (text is null) return positions;
        foreach (var part in text.Split('/'))
        {
            var dash = part.IndexOf('-');
            if (dash != 8 || !part[..dash].All(char.IsAsciiHexDigitLower)
                || !long.TryParse(part[(dash + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var position)
                || !positions.TryAdd(part[..dash], position))
                throw new FormatException("Not a shared-talents cursor.");
        }
        return positions;
    }

    public static bool IsValid(string? text)
    {
        try
        {
            Positions(text);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
