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
    /// <paramref name="consentInForceSince"/>), registered before <paramref name="instant"/>: the shared base's own consent
    /// condition for each scope (its indexed columns), either one. Erased talents have no document there.
    /// </summary>
    public static async Task<int> SharedTalentBaseAsync(
        IQuerySession session, DateTimeOffset consentInForceSince, DateTimeOffset? registeredBefore, CancellationToken cancellation)
    {
        var table = session.DocumentStore.Options.Schema.For<SharedTalent>();
        var partners = SharedTalentSearch.Conditions(new SharedTalentFilter(ConsentScope.Partners, consentInForceSince))[0];
        var municipalities = SharedTalentSearch.Conditions(new SharedTalentFilter(ConsentScope.Municipalities, consentInForceSince))[0];
        var sql = $"select jsonb_build_object('talents', count(*)) from {table} as d where ({partners.Sql} or {municipalities.Sql})"
                  + (registeredBefore is null ? "" : " and d.registered_at < ?");
        object[] parameters = registeredBefore is { } before
            ? [partners.Parameter, municipalities.Parameter, before]
            : [partners.Parameter, municipalities.Parameter];
        var rows = await session.QueryAsync<TalentsRow>(sql, cancellation, parameters);
        return rows.Single().Talents;
    }

    /// <summary>
    /// Hires recorded less cancelled in the region's months up to and including <paramref name="through"/>, and the month
    /// of its first hire: one aggregate over its month documents (one per month, by the region and month columns), so
    /// bounded by months, not hires.
    /// </summary>
    public static async Task<(int HiresToDate, BillingMonth? FirstHireMonth)> HiresToDateAsync(
        IQuerySession session, Guid regionId, BillingMonth through, CancellationToken cancellation)
    {
        var table = session.DocumentStore.Options.Schema.For<RegionHiresPerMonth>();
        var sql = $"""
            select jsonb_build_object(
                'hires', coalesce(sum((d.data ->> 'recorded')::int - (d.data ->> 'cancelled')::int), 0),
                'firstHireMonth', min(d.month) filter (where (d.data ->> 'recorded')::int > 0))
            from {table} as d where d.region_id = ? and d.month <= ?
            """;
        var row = (await session.QueryAsync<HiresRow>(sql, cancellation, regionId, through.ToString())).Single();
        return (row.Hires, BillingMonth.TryParse(row.FirstHireMonth, out var first) ? first : null);
    }
}
