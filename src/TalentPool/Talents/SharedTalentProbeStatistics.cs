using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Marten;

namespace TalentPool.Talents;

/// <summary>
/// How frequent each filter value is among the probe rows (<see cref="SharedTalentProbes"/>), as PostgreSQL's own statistics of
/// the table know them (<c>pg_stats</c>: its most common values and their shares, kept by autovacuum's analyze): what picks the
/// value a search with several filters walks — the rarest, so that "Medicine + IT + Doctorate" passes the Italians (4 % of the
/// base at 1M) rather than the area's talents (10 %). Read once per database every <see cref="Kept"/>, not per search.
/// </summary>
public static class SharedTalentProbeStatistics
{
    /// <summary>How long a database's frequencies are used before they are read again (they move with the base, slowly).</summary>
    public static readonly TimeSpan Kept = TimeSpan.FromMinutes(10);

    /// <summary>Per store (a test host has its own) and database of it (a region on a database of its own has its statistics).</summary>
    private static readonly ConditionalWeakTable<IDocumentStore, ConcurrentDictionary<string, (DateTime ReadAt, IReadOnlyDictionary<string, double> Frequencies)>> Read = new();

    /// <summary>The token shares of the session's database; empty while PostgreSQL has no statistics of the table (then the static order).</summary>
    public static async Task<IReadOnlyDictionary<string, double>> OfAsync(IQuerySession session, CancellationToken cancellation)
    {
        var database = session.Database.Id.ToString();
        var ofStore = Read.GetOrCreateValue(session.DocumentStore);
        if (ofStore.TryGetValue(database, out var known) && DateTime.UtcNow - known.ReadAt < Kept) return known.Frequencies;
        var rows = await session.QueryAsync<TokenShare>("""
            select jsonb_build_object('token', m.token, 'share', m.share)
            from pg_stats as s, unnest(s.most_common_vals::text::text[], s.most_common_freqs) as m(token, share)
            where s.schemaname = ? and s.tablename = ? and s.attname = 'token'
            """, cancellation, session.DocumentStore.Options.DatabaseSchemaName, SharedTalentProbes.TableName);
        IReadOnlyDictionary<string, double> frequencies = rows.GroupBy(r => r.Token).ToDictionary(g => g.Key, g => g.Max(r => r.Share));
        ofStore[database] = (DateTime.UtcNow, frequencies);
        return frequencies;
    }

    private sealed record TokenShare(string Token, double Share);
}
