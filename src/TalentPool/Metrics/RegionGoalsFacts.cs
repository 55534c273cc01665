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
        var (sql, parameters) = SharedTalentBaseQuery(
            session.DocumentStore.Options.Schema.For<SharedTalent>(), session.DocumentStore.Options.DatabaseSchemaName,
            consentInForceSince, registeredBefore, session.TenantId);
        return (await session.QueryAsync<TalentsRow>(sql, cancellation, parameters)).Single().Talents;
    }

    /// <summary>
    /// Counted from the facet counts PostgreSQL keeps beside the shared base (<see cref="SharedTalentFacetCounts.EitherScope"/>:
    /// talents by the day of the later of their two consents), as the search counts its facets: the months after the month the
    /// validity starts in, that month's days after the day it starts on, and that one day from the documents (the later consent
    /// given after the moment it starts). Bounded by the validity's months and one day's talents, not by the talents. For an
    /// earlier day, the talents registered after it are taken off, counted from the documents (those registered since then).
    /// </summary>
    internal static (string Sql, object[] Parameters) SharedTalentBaseQuery(
        string table, string schema, DateTimeOffset consentInForceSince, DateTimeOffset? registeredBefore, string tenant)
    {
        var firstDay = DateOnly.FromDateTime(consentInForceSince.UtcDateTime);
        var firstMonth = new DateOnly(firstDay.Year, firstDay.Month, 1);
        var dayAfter = new DateTimeOffset(firstDay.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var counts = $"{schema}.{SharedTalentFacetCounts.TableName}";
        var own = SharedTalentSearch.Tenant(tenant);
        var either = $"c.tenant_id = {own} and c.scope = '{SharedTalentFacetCounts.EitherScope}' and c.facet = '{SharedTalentFacets.TalentFacet}'";
        var sql = $"""
            select jsonb_build_object('talents', coalesce(sum(talents), 0)) from (
                select c.talents from {counts} as c where {either} and c.span = '{SharedTalentFacetCounts.Month}' and c.start > ?
                union all
                select c.talents from {counts} as c where {either} and c.span = '{SharedTalentFacetCounts.Day}' and c.start > ? and c.start < ?
                union all
                select 1 from {table} as d where d.tenant_id = {own}
                    and ((d.shared_with_partners_since > ? and d.shared_with_partners_since < ?)
                      or (d.shared_with_municipalities_since > ? and d.shared_with_municipalities_since < ?))
                    and (d.shared_with_partners_since is null or d.shared_with_partners_since < ?)
                    and (d.shared_with_municipalities_since is null or d.shared_with_municipalities_since < ?)
            {(registeredBefore is null ? "" : $"""
                union all
                select -1 from {table} as d where d.tenant_id = {own} and d.registered_at >= ?
                    and (d.shared_with_partners_since > ? or d.shared_with_municipalities_since > ?)
            """)}) as counted
            """;
        object[] parameters =
        [
            firstMonth, firstDay, firstMonth.AddMonths(1),
            consentInForceSince, dayAfter, consentInForceSince, dayAfter, dayAfter, dayAfter,
        ];
        return registeredBefore is { } before ? (sql, [.. parameters, before, consentInForceSince, consentInForceSince]) : (sql, parameters);
    }

    /// <summary>
    /// The same count from the documents, every talent of the region read (how it was counted before the kept counts): the
    /// shared base's own consent-in-force condition for each scope (each on its indexed column), either one.
    /// </summary>
    internal static (string Sql, object[] Parameters) SharedTalentBaseByDocumentsQuery(
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
