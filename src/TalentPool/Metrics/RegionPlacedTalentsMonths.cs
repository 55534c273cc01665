using Marten;
using TalentPool.Common;
using TalentPool.Talents;
using Weasel.Core;
using Weasel.Core.Migrations;
using Weasel.Postgresql;
using TalentPool.Hosting;
using Weasel.Postgresql.Tables;
using Weasel.Postgresql.Triggers;

namespace TalentPool.Metrics;

/// <summary>
/// One calendar month of a region's placed talents, as monthly churn reads it: talents whose stay began in the month and
/// who left the region in it, and the running total before it (the placed talents in the region at its start).
/// </summary>
public sealed record PlacedTalentsMonth(string Month, int Entered, int LeftRegion, int InRegionAtStart)
{
    public int InRegionAtEnd => InRegionAtStart + Entered - LeftRegion;
}

/// <summary>
/// The rows of a window of months and the last row before it: what any month of the window needs. The rows run without a
/// gap from the region's first month with a placed talent's stay beginning or ending to its last, so a month without a row
/// lies before them all (nobody placed yet) or after them all (everyone counted, nobody moving since).
/// </summary>
public sealed class PlacedTalentsWindow(IEnumerable<PlacedTalentsMonth> rows)
{
    private readonly List<PlacedTalentsMonth> _rows = [.. rows.OrderBy(r => r.Month, StringComparer.Ordinal)];

    public static readonly PlacedTalentsWindow Empty = new([]);

    /// <summary>Placed talents in the region at the month's start, and those who left the region in it.</summary>
    public (int InRegionAtStart, int LeftRegion) At(BillingMonth month)
    {
        var key = month.ToString();
        if (_rows.Find(r => r.Month == key) is { } row) return (row.InRegionAtStart, row.LeftRegion);
        return _rows.LastOrDefault(r => string.CompareOrdinal(r.Month, key) < 0) is { } before ? (before.InRegionAtEnd, 0) : (0, 0);
    }
}

/// <summary>
/// The month counts of <see cref="RegionPlacedTalents"/> kept by PostgreSQL as rows beside the document, one per region and
/// month with the running total: a read of monthly churn selects the rows of the months it asks for and the one before them
/// (<see cref="WindowAsync"/>), never the document. The document holds every placed talent's placements (3.3 MB stored,
/// 6.4 MB of JSON at 10.2M events) and PostgreSQL decompresses all of it to answer even one of its fields; the rows are
/// as many per read whatever the history. A trigger writes them in the statement that writes the document (the daemon, a
/// rebuild, the seeder, a region's move), so they never disagree with it, and a table made beside existing documents is
/// filled from them. Counts only: no talent is named.
/// </summary>
public sealed class RegionPlacedTalentsMonths(StoreOptions options)
    : FeatureSchemaBase("region_placed_talent_months", options.Advanced.Migrator)
{
    public const string TableName = "mt_region_placed_talent_months";
    private const string RowsFunction = "mt_region_placed_talent_months_of";
    private const string WriteFunction = "mt_region_placed_talent_months_write";
    private const string ClearFunction = "mt_region_placed_talent_months_clear";
    private const string DocumentTable = "mt_doc_regionplacedtalents";

    private string Schema => options.DatabaseSchemaName;
    private DbObjectName Named(string name) => PostgresqlProvider.Instance.Parse($"{Schema}.{name}");

    public override IEnumerable<Type> DependentTypes() => [typeof(RegionPlacedTalents)];

    /// <summary>
    /// A document's month counts as rows: every month from its first to its last (none missing), each with what entered and
    /// left in it and the sum of what entered less what left before it.
    /// </summary>
    private string RowsSql => $"""
        create or replace function {Schema}.{RowsFunction}(months jsonb)
        returns table(month text, entered integer, left_region integer, in_region_at_start integer) language sql immutable as $$
            with counted as (
                select m.key as month, (m.value ->> 'entered')::int as entered, (m.value ->> 'left')::int as left_region
                from jsonb_each(coalesce(months, jsonb_build_object())) as m),
            calendar as (
                select to_char(c, 'YYYY-MM') as month
                from generate_series((select to_date(min(month), 'YYYY-MM') from counted), (select to_date(max(month), 'YYYY-MM') from counted),
                    interval '1 month') as c)
            select c.month, coalesce(k.entered, 0), coalesce(k.left_region, 0),
                coalesce(sum(coalesce(k.entered, 0) - coalesce(k.left_region, 0)) over (order by c.month rows between unbounded preceding and 1 preceding), 0)::int
            from calendar as c left join counted as k on k.month = c.month
        $$;
        """;

    private string FillSql => $"""
        insert into {Schema}.{TableName} (tenant_id, region_id, month, entered, left_region, in_region_at_start)
        select d.tenant_id, d.id, r.month, r.entered, r.left_region, r.in_region_at_start
        from {Schema}.{DocumentTable} as d, lateral {Schema}.{RowsFunction}(d.data -> 'months') as r;
        """;

    protected override IEnumerable<ISchemaObject> schemaObjects()
    {
        yield return new FunctionByName(Named(RowsFunction), RowsSql);

        var target = Named(DocumentTable);
        // The document is written once per daemon batch: its rows are written again whole (a few dozen, one per month).
        var write = $"""
            create or replace function {Schema}.{WriteFunction}() returns trigger language plpgsql as $$
            begin
                if tg_op in ('UPDATE', 'DELETE') then
                    delete from {Schema}.{TableName} where tenant_id = old.tenant_id and region_id = old.id;
                end if;
                if tg_op in ('INSERT', 'UPDATE') then
                    insert into {Schema}.{TableName} (tenant_id, region_id, month, entered, left_region, in_region_at_start)
                    select new.tenant_id, new.id, r.month, r.entered, r.left_region, r.in_region_at_start
                    from {Schema}.{RowsFunction}(new.data -> 'months') as r;
                end if;
                return null;
            end $$;
            """;
        // One trigger per event, as for the facet counts: PostgreSQL reads a trigger's events back in an order of its own.
        foreach (var (name, happening) in new[]
                 {
                     ("mt_region_placed_talent_months_inserted", TriggerEvents.Insert), ("mt_region_placed_talent_months_updated", TriggerEvents.Update),
                     ("mt_region_placed_talent_months_deleted", TriggerEvents.Delete),
                 })
        {
            yield return new SharedTalentFacetCounts.TriggerWithFunction(Named(name), target, $"{Schema}.{WriteFunction}()", write)
                { Timing = TriggerTiming.After, Events = happening, ForEachRow = true };
        }
        yield return new SharedTalentFacetCounts.TriggerWithFunction(Named("mt_region_placed_talent_months_cleared"), target, $"{Schema}.{ClearFunction}()", $"""
            create or replace function {Schema}.{ClearFunction}() returns trigger language plpgsql as $$
            begin
                truncate {Schema}.{TableName};
                return null;
            end $$;
            """) { Timing = TriggerTiming.After, Events = TriggerEvents.Truncate, ForEachRow = false };

        // Last, after the triggers: a table made beside existing documents starts with their rows.
        var table = new SharedTalentFacetCounts.CountsTable(Named(TableName), FillSql);
        table.AddColumn("tenant_id", "text").AsPrimaryKey();
        table.AddColumn("region_id", "uuid").AsPrimaryKey();
        table.AddColumn("month", "text").AsPrimaryKey();
        table.AddColumn("entered", "integer").NotNull();
        table.AddColumn("left_region", "integer").NotNull();
        table.AddColumn("in_region_at_start", "integer").NotNull();
        yield return table;
    }

    private sealed record Row(string Month, int Entered, int LeftRegion, int InRegionAtStart);

    /// <summary>
    /// The rows of the months from <paramref name="from"/> through <paramref name="to"/> and the last one before them: at most
    /// one more than the months asked for, found by the primary key, whatever the history.
    /// </summary>
    public static async Task<PlacedTalentsWindow> WindowAsync(
        IQuerySession session, Guid regionId, BillingMonth from, BillingMonth to, CancellationToken cancellation)
    {
        var (sql, parameters) = WindowQuery(session.DocumentStore.Options.DatabaseSchemaName, session.TenantId, regionId, from, to);
        var rows = await session.QueryAsync<Row>(sql, cancellation, parameters);
        return new PlacedTalentsWindow(rows.Select(r => new PlacedTalentsMonth(r.Month, r.Entered, r.LeftRegion, r.InRegionAtStart)));
    }

    internal static (string Sql, object[] Parameters) WindowQuery(string schema, string tenant, Guid regionId, BillingMonth from, BillingMonth to) => ($"""
        select jsonb_build_object('month', w.month, 'entered', w.entered, 'leftRegion', w.left_region, 'inRegionAtStart', w.in_region_at_start) from (
            select m.month, m.entered, m.left_region, m.in_region_at_start from {schema}.{TableName} as m
            where m.tenant_id = ? and m.region_id = ? and m.month >= ? and m.month <= ?
            union all
            (select m.month, m.entered, m.left_region, m.in_region_at_start from {schema}.{TableName} as m
             where m.tenant_id = ? and m.region_id = ? and m.month < ? order by m.month desc limit 1)) as w
        """, [tenant, regionId, from.ToString(), to.ToString(), tenant, regionId, from.ToString()]);
}
