using Marten;
using Marten.Storage;
using TalentPool.Regions;

namespace TalentPool.Talents;

/// <summary>
/// Talents seen in other regions (<see cref="OtherRegionsSharing"/>) when regions live in databases of their own
/// (Hosting/RegionDatabases.cs): the reading region's database answers for its own talents and for those of the regions
/// sharing it, and every other database of the installation is asked for its regions' talents consenting to the reader's
/// region, under the same conditions (a talent's home <see cref="Region"/> document, whose consent validity applies too, is
/// in the database the talent lives in). The answers are merged exactly as one database would have answered: pages by id,
/// newest first (keyset paging: each database's page starts after the same cursor), facet counts summed. With one
/// database (the default) nothing here runs.
/// </summary>
public static class OtherRegionsDatabases
{
    /// <summary>The installation's databases other than the session's (none when every region shares one database).</summary>
    public static async Task<IReadOnlyList<IMartenDatabase>> OthersAsync(IQuerySession session)
    {
        var all = await session.DocumentStore.Storage.AllDatabases();
        return all.Count < 2 ? [] : [.. all.Where(database => database.Id != session.Database.Id)];
    }

    /// <summary>A session reading one database as a whole (raw SQL only: what crosses regions filters by tenant itself).</summary>
    public static IQuerySession SessionOn(IQuerySession session, IMartenDatabase database) =>
        session.DocumentStore.QuerySession(Marten.Services.SessionOptions.ForDatabase(database));

    /// <summary>
    /// The reader's database's page and facet rows merged with those of every other database (<see cref="SharedTalentSearch.RunAsync"/>).
    /// </summary>
    internal static async Task<(IReadOnlyList<SharedTalentMatch> Page, SharedTalentFacets Facets)> MergeAsync(
        IQuerySession session, SharedTalentFilter filter, Guid? after, int limit, int exactFacetLimit, bool kept,
        IReadOnlyList<SharedTalentMatch> ownPage, IReadOnlyList<SharedTalentFacetRow> ownFacets, CancellationToken cancellation)
    {
        var others = await OthersAsync(session);
        if (others.Count == 0) return (ownPage, SharedTalentFacets.From(ownFacets, kept ? int.MaxValue : exactFacetLimit));

        var table = session.DocumentStore.Options.Schema.For<SharedTalent>();
        var schema = session.DocumentStore.Options.DatabaseSchemaName;
        var conditions = SharedTalentSearch.Conditions(filter, session.TenantId, elsewhere: true);
        var where = string.Join(" and ", conditions.Select(c => c.Sql));
        object[] parameters = SharedTalentSearch.ParametersOf(conditions);
        object[] pageParameters = after is { } cursor ? [.. parameters, cursor, limit + 1] : [.. parameters, limit + 1];

        var pages = new List<SharedTalentMatch>(ownPage);
        var keptRows = new List<SharedTalentFacetRow>(ownFacets);
        var matchedElsewhere = new List<MatchedTokens>();
        foreach (var database in others)
        {
            await using var elsewhere = SessionOn(session, database);
            var batch = elsewhere.CreateBatchQuery();
            var page = batch.Query<SharedTalentMatch>(SharedTalentSearch.PageSql(table, where, after is not null), pageParameters);
            // The consent alone: every consenting talent of that database counted (few: those consenting to this region);
            // otherwise its newest matches, at most one more than are counted, with their tokens, to count after the merge.
            var counted = kept
                ? batch.Query<SharedTalentFacetRow>(KeptCountsSql(table, schema, where), [.. parameters, SharedTalentFacetCounts.ScopeName(filter.Scope)])
                : null;
            var matched = kept ? null : batch.Query<MatchedTokens>(TokensSql(table, where), [.. parameters, exactFacetLimit + 1]);
            await batch.Execute(cancellation);
            pages.AddRange(await page);
            if (counted is not null) keptRows.AddRange(await counted);
            if (matched is not null) matchedElsewhere.AddRange(await matched);
        }

        var merged = pages.OrderByDescending(match => match.Talent.Id, UuidOrder.Instance).Take(limit + 1).ToList();
        if (kept) return (merged, SharedTalentFacets.From(Summed(keptRows), int.MaxValue));

        // Counted: exact while every database's matches together are at most the limit (then each database counted all of its
        // own); beyond it, the newest `limit` of all databases are counted, so the reader's matches are read with their tokens.
        var ownMatched = ownFacets.Where(row => row.Facet == SharedTalentFacets.TalentFacet).Sum(row => row.Count);
        if (ownMatched + matchedElsewhere.Count <= exactFacetLimit)
        {
            return (merged, SharedTalentFacets.From(Summed([.. ownFacets, .. CountsOf(matchedElsewhere, matchedElsewhere.Count)]), exactFacetLimit));
        }
        var own = SharedTalentSearch.Conditions(filter, session.TenantId);
        var ownMatches = await session.QueryAsync<MatchedTokens>(
            TokensSql(table, string.Join(" and ", own.Select(c => c.Sql))), cancellation, [.. SharedTalentSearch.ParametersOf(own), exactFacetLimit + 1]);
        var newest = ownMatches.Concat(matchedElsewhere).OrderByDescending(m => m.Id, UuidOrder.Instance).Take(exactFacetLimit + 1).ToList();
        return (merged, SharedTalentFacets.From([.. CountsOf([.. newest.Take(exactFacetLimit)], newest.Count)], exactFacetLimit));
    }

    /// <summary>
    /// One talent of a region on another database who consents to be seen in the session's region, under the filter's conditions
    /// (<see cref="SharedTalentSearch.FindAsync"/>), else null.
    /// </summary>
    internal static async Task<SharedTalentMatch?> FindAsync(IQuerySession session, SharedTalentFilter filter, Guid talentId, CancellationToken cancellation)
    {
        var table = session.DocumentStore.Options.Schema.For<SharedTalent>();
        var conditions = SharedTalentSearch.Conditions(filter, session.TenantId, elsewhere: true);
        var where = string.Join(" and ", conditions.Select(c => c.Sql));
        foreach (var database in await OthersAsync(session))
        {
            await using var elsewhere = SessionOn(session, database);
            var found = await elsewhere.QueryAsync<SharedTalentMatch>(
                $"{SharedTalentSearch.PageSql(table, $"{where} and d.id = ?", after: false)}", cancellation,
                [.. SharedTalentSearch.ParametersOf(conditions), talentId, 1]);
            if (found.Count == 1) return found[0];
        }
        return null;
    }

    /// <summary>
    /// Talents of regions on other databases who consent to be seen in the session's region, under the filter's conditions, among
    /// the ids (the shared-talents change feed's rows from those databases: <see cref="SharedTalentSearch.FindManyAsync"/>).
    /// </summary>
    internal static async Task<IReadOnlyList<SharedTalentMatch>> FindManyAsync(
        IQuerySession session, SharedTalentFilter filter, IReadOnlyList<Guid> talentIds, CancellationToken cancellation)
    {
        if (talentIds.Count == 0) return [];
        var others = await OthersAsync(session);
        if (others.Count == 0) return [];
        var table = session.DocumentStore.Options.Schema.For<SharedTalent>();
        var conditions = SharedTalentSearch.Conditions(filter, session.TenantId, elsewhere: true);
        var where = string.Join(" and ", conditions.Select(c => c.Sql));
        var ids = talentIds.Distinct().ToArray();
        var found = new List<SharedTalentMatch>();
        foreach (var database in others)
        {
            await using var elsewhere = SessionOn(session, database);
            found.AddRange(await elsewhere.QueryAsync<SharedTalentMatch>(
                SharedTalentSearch.PageSql(table, $"{where} and d.id = any(?)", after: false), cancellation,
                [.. SharedTalentSearch.ParametersOf(conditions), ids, ids.Length]));
        }
        return found;
    }

    /// <summary>A match's id and its filter tokens (each a facet value, <c>facet:value</c>).</summary>
    internal sealed record MatchedTokens(Guid Id, string[] Tokens);

    private static string TokensSql(string table, string where) =>
        $"select jsonb_build_object('id', d.id, 'tokens', d.filter_tokens) from {table} as d where {where} order by d.id desc limit ?";

    /// <summary>Every matching document's facet values counted (the consent alone: the other regions' talents, counted from their documents).</summary>
    private static string KeptCountsSql(string table, string schema, string where) => $"""
        select jsonb_build_object('facet', v.facet, 'value', v.value, 'count', count(*))
        from {table} as d, {SharedTalentFacetCounts.ValuesOf(schema, "d")} as v
        where {where} and v.scope = ?
        group by v.facet, v.value
        """;

    /// <summary>The facet rows of matches counted here: the talent row (<paramref name="matched"/>, up to one more than counted) and each value's count.</summary>
    private static IEnumerable<SharedTalentFacetRow> CountsOf(IReadOnlyList<MatchedTokens> counted, int matched) =>
        counted.SelectMany(m => m.Tokens)
            .Select(token => (Facet: token[..Math.Max(token.IndexOf(':'), 0)], Value: token[(token.IndexOf(':') + 1)..]))
            .Where(t => t.Facet is not (SharedTalentSearch.PlusOneFilter or OtherRegionsSharing.TokenName) && t.Facet.Length > 0)
            .GroupBy(t => t)
            .Select(g => new SharedTalentFacetRow(g.Key.Facet, g.Key.Value, g.Count()))
            .Append(new SharedTalentFacetRow(SharedTalentFacets.TalentFacet, "", matched));

    private static List<SharedTalentFacetRow> Summed(IEnumerable<SharedTalentFacetRow> rows) =>
        [.. rows.GroupBy(r => (r.Facet, r.Value)).Select(g => new SharedTalentFacetRow(g.Key.Facet, g.Key.Value, g.Sum(r => r.Count))).Where(r => r.Count > 0 || r.Facet == SharedTalentFacets.TalentFacet)];

    /// <summary>PostgreSQL's order of uuids (their bytes as written, which is their text's order), which .NET's Guid order is not everywhere.</summary>
    private sealed class UuidOrder : IComparer<Guid>
    {
        public static readonly UuidOrder Instance = new();

        public int Compare(Guid x, Guid y) => string.CompareOrdinal(x.ToString("N"), y.ToString("N"));
    }
}
