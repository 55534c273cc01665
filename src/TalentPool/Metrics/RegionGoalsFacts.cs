using Marten;
using TalentPool.Common;
using TalentPool.Talents;

namespace TalentPool.Metrics;

/// <summary>The two counts the region's goals need, each one query counted in PostgreSQL over indexed columns.</summary>
public static class RegionGoalsFacts
{
    private sealed record TalentsRow(int Talents);

    private sealed record HiresRow(int Hires, string? FirstHireMonth);

    /// <summary>
    /// The shared base's talents whose consent to share with partners or with municipalities is in force (given after
    /// <paramref name="consentInForceSince"/>), registered before <paramref name="registeredBefore"/> when given.
    /// </summary>
    public static async Task<int> SharedTalentBaseAsync(
        IQuerySession session, DateTimeOffset consentInForceSince, DateTimeOffset? registeredBefore, CancellationToken cancellation)
    {
        var (sql, parameters) = SharedTalentBaseQuery(session.DocumentStore.Options.Schema.For<SharedTalent>(), consentInForceSince, registeredBefore, session.TenantId);
        return (await session.QueryAsync<TalentsRow>(sql, cancellation, parameters)).Single().Talents;
    }

    /// <summary>
    /// The shared base's own consent-in-force condition for each scope (each on its indexed column), either one; erased
    /// talents have no document there.
    /// </summary>
    internal static (string Sql, object[] Parameters) SharedTalentBaseQuery(
        string table, DateTimeOffset consentInForceSince, DateTimeOffset? registeredBefore, string tenant)
    {
        var partners = SharedTalentSearch.Conditions(new SharedTalentFilter(ConsentScope.Partners, consentInForceSince), tenant)[0];
        var municipalities = SharedTalentSearch.Conditions(new SharedTalentFilter(ConsentScope.Municipalities, consentInForceSince), tenant)[0];
        var sql = $"select jsonb_build_object('talents', count(*)) from {table} as d where ({partners.Sql} or {municipalities.Sql})"
                  + (registeredBefore is null ? "" : " and d.registered_at < ?");
        return registeredBefore is { } before
            ? (sql, [partners.Parameter, municipalities.Parameter, before])
            : (sql, [partners.Parameter, municipalities.Parameter]);
    }

    /// <summary>
    /// Hires recorded less cancelled in the region's months up to and including <paramref name="through"/>, and the month
    /// of its first hire.
    /// </summary>
    public static async Task<(int HiresToDate, BillingMonth? FirstHireMonth)> HiresToDateAsync(
        IQuerySession session, Guid regionId, BillingMonth through, CancellationToken cancellation)
    {
        var (sql, parameters) = HiresToDateQuery(session.DocumentStore.Options.Schema.For<RegionHiresPerMonth>(), regionId, through);
        var row = (await session.QueryAsync<HiresRow>(sql, cancellation, parameters)).Single();
        return (row.Hires, BillingMonth.TryParse(row.FirstHireMonth, out var first) ? first : null);
    }

    /// <summary>One aggregate over the region's month documents (one per month, found by the region column): bounded by months, not hires.</summary>
    internal static (string Sql, object[] Parameters) HiresToDateQuery(string table, Guid regionId, BillingMonth through) => ($"""
        select jsonb_build_object(
            'hires', coalesce(sum((d.data ->> 'recorded')::int - (d.data ->> 'cancelled')::int), 0),
            'firstHireMonth', min(d.month) filter (where (d.data ->> 'recorded')::int > 0))
        from {table} as d where d.region_id = ? and d.month <= ?
        """, [regionId, through.ToString()]);
}
