using Marten;
using Weasel.Core;
using Weasel.Core.Migrations;
using Weasel.Postgresql;
using Weasel.Postgresql.Functions;
using Weasel.Postgresql.Tables;
using Weasel.Postgresql.Triggers;

namespace TalentPool.Talents;

/// <summary>
/// The facet counts of the whole shared base, kept by PostgreSQL beside the documents: how many talents have each facet
/// value, per consent scope and per day (UTC) on which that consent was given, and again per month. A trigger on the shared base's table
/// changes them in the same statement as the document (registration, profile change, consent, withdrawal, erasure,
/// rebuild, bulk load), so they never disagree with the documents and cost no round trip. A search with no filter
/// but the consent sums the months after the month its consent validity starts in, the days of that month after the day
/// it starts on, and counts that one day exactly from the documents (<see cref="SharedTalentSearch"/>): time alone still
/// moves the answer, with nothing written.
/// </summary>
/// <remarks>
/// The same feature makes the stored <c>tsvector</c> free text reads (<see cref="SharedTalent.SearchVector"/>): a database
/// object the documents' table needs beside the ones Marten makes. The counts are a cache of the documents, so they hold nothing a document does not: no one is named. A talent counts
/// once per value of each facet it has, plus once in the <see cref="SharedTalentFacets.TalentFacet"/> row (how many
/// talents). Registrations of the same day change the same rows; the lock is held until the write commits.
/// </remarks>
public sealed class SharedTalentFacetCounts(StoreOptions options)
    : FeatureSchemaBase("shared_talent_facet_counts", options.Advanced.Migrator)
{
    // Per region (tenant) since regions became tenants: a new table (filled from the documents when created), so the
    // region-less one of an older database is left unused (README "Known deviations": it can be dropped).
    public const string TableName = "mt_shared_talent_facet_counts_by_region";
    private const string ValuesFunction = "mt_shared_talent_facet_values";
    private const string CountFunction = "mt_shared_talent_count_region_facets";
    private const string ClearFunction = "mt_shared_talent_clear_region_facets";
    private const string SearchVectorFunction = "mt_shared_talent_search_vector";

    private string Schema => options.DatabaseSchemaName;
    private DbObjectName Named(string name) => PostgresqlProvider.Instance.Parse($"{Schema}.{name}");

    public override IEnumerable<Type> DependentTypes() => [typeof(SharedTalent)];

    /// <summary>
    /// The rows a talent adds to the counts: one per consent scope it shares with × facet value, and one per scope for the
    /// talent itself. Given the document's own columns, so the trigger, a recount and the exact count of one day agree.
    /// </summary>
    public static string ValuesOf(string schema, string d) =>
        $"{schema}.{ValuesFunction}({d}.shared_with_partners_since, {d}.shared_with_municipalities_since, "
        + $"{d}.profilecompetence_areas, {d}.profilelanguages, {d}.profilepreferred_municipalities, "
        + $"{d}.profilecountry_of_residence, {d}.profileeducation_level)";

    /// <summary>
    /// Each row of <see cref="ValuesOf"/> twice: counted in its day and in its month, so that a reader sums whole months and
    /// only the days of one month (a few thousand rows at most, whatever the number of talents), not two years of days.
    /// </summary>
    private static string InSpans(string schema, string d) => $"""
        select {d}.tenant_id as tenant_id, v.scope, s.span, case s.span when '{Day}' then v.consent_day else date_trunc('month', v.consent_day)::date end as start,
            v.facet, v.value
        from {ValuesOf(schema, d)} as v, (values ('{Day}'), ('{Month}')) as s(span)
        """;

    public const string Day = "day";
    public const string Month = "month";

    /// <summary>Every count made from the documents: what the kept counts must equal.</summary>
    public static string CountedFromDocumentsSql(string schema, string documentTable) => $"""
        select counted.tenant_id, scope, span, start, facet, value, count(*)::int as talents
        from {documentTable} as d, lateral ({InSpans(schema, "d")}) as counted
        group by 1, 2, 3, 4, 5, 6
        """;

    /// <summary>The counts made again from the documents (a repair, and how a table created beside existing talents starts).</summary>
    public static string RecountSql(string schema, string documentTable) => $"""
        truncate {schema}.{TableName};
        insert into {schema}.{TableName} (tenant_id, scope, span, start, facet, value, talents) {CountedFromDocumentsSql(schema, documentTable)};
        """;

    protected override IEnumerable<ISchemaObject> schemaObjects()
    {
        yield return new Function(Named(ValuesFunction), $"""
            create or replace function {Schema}.{ValuesFunction}(partners_since timestamptz, municipalities_since timestamptz,
                areas text[], languages text[], preferred text[], country text, education text)
            returns table(scope text, consent_day date, facet text, value text) language sql immutable as $$
                select s.scope, s.consent_day, v.facet, v.value
                from (values ('{ScopeName(ConsentScope.Partners)}', (partners_since at time zone 'UTC')::date),
                             ('{ScopeName(ConsentScope.Municipalities)}', (municipalities_since at time zone 'UTC')::date)) as s(scope, consent_day),
                    (select '{SharedTalentFacets.TalentFacet}', ''
                     union all select '{SharedTalentFacets.CompetenceAreaFacet}', unnest(areas)
                     union all select '{SharedTalentFacets.LanguageFacet}', unnest(languages)
                     union all select '{SharedTalentFacets.PreferredMunicipalityFacet}', unnest(preferred)
                     union all select '{SharedTalentFacets.CountryFacet}', country
                     union all select '{SharedTalentFacets.EducationFacet}', education) as v(facet, value)
                where s.consent_day is not null and v.value is not null
            $$;
            """);

        // The shared base's table, as Marten names it after the document alias (SharedTalentConfiguration).
        var target = Named("mt_doc_shared_talent");

        // One statement per document change, its rows locked in key order: two writers never wait on each other in a circle.
        var countFacets = $"""
            create or replace function {Schema}.{CountFunction}() returns trigger language plpgsql as $$
            begin
                insert into {Schema}.{TableName} as c (tenant_id, scope, span, start, facet, value, talents)
                select tenant_id, scope, span, start, facet, value, sum(delta) from (
                    select o.*, -1 as delta from ({InSpans(Schema, "old")}) as o
                    union all
                    select n.*, 1 as delta from ({InSpans(Schema, "new")}) as n) as changes
                group by 1, 2, 3, 4, 5, 6 having sum(delta) <> 0 order by 1, 2, 3, 4, 5, 6
                on conflict (tenant_id, scope, span, start, facet, value) do update set talents = c.talents + excluded.talents;
                return null;
            end $$;
            """;
        // One trigger per event: PostgreSQL renders a trigger's events in an order of its own, and a trigger that does not
        // read back as written would be made again at every start.
        foreach (var (name, happening) in new[]
                 { ("inserted", TriggerEvents.Insert), ("updated", TriggerEvents.Update), ("deleted", TriggerEvents.Delete) })
        {
            yield return new TriggerWithFunction(Named($"mt_shared_talent_counts_facets_{name}"), target, $"{Schema}.{CountFunction}()",
                countFacets) { Timing = TriggerTiming.After, Events = happening, ForEachRow = true };
        }
        yield return new TriggerWithFunction(Named("mt_shared_talent_clears_facets"), target, $"{Schema}.{ClearFunction}()", $"""
            create or replace function {Schema}.{ClearFunction}() returns trigger language plpgsql as $$
            begin
                truncate {Schema}.{TableName};
                return null;
            end $$;
            """) { Timing = TriggerTiming.After, Events = TriggerEvents.Truncate, ForEachRow = false };

        // Free text reads a stored tsvector, made here from the text the document holds (SharedTalent.SearchVector). Documents
        // written before the trigger existed (Marten adds and fills the column first) get theirs when it is created.
        yield return new TriggerWithFunction(Named("mt_shared_talent_makes_search_vector"), target, $"{Schema}.{SearchVectorFunction}()", $"""
            create or replace function {Schema}.{SearchVectorFunction}() returns trigger language plpgsql as $$
            begin
                new.search_vector := to_tsvector('{SharedTalentConfiguration.SearchConfiguration}'::regconfig, new.data ->> 'searchText');
                return new;
            end $$;
            """,
            $"update {target} set search_vector = to_tsvector('{SharedTalentConfiguration.SearchConfiguration}'::regconfig, data ->> 'searchText') "
            + "where search_vector is null;") { Timing = TriggerTiming.Before, Events = TriggerEvents.Insert | TriggerEvents.Update, ForEachRow = true };

        // Last: a table created on a database that already holds talents starts with their counts. The triggers come first,
        // so a write racing the migration fails (no table yet) rather than going uncounted.
        var table = new CountsTable(Named(TableName), RecountSql(Schema, $"{Schema}.mt_doc_shared_talent"));
        table.AddColumn("tenant_id", "text").AsPrimaryKey();
        table.AddColumn("scope", "text").AsPrimaryKey();
        table.AddColumn("span", "text").AsPrimaryKey();
        table.AddColumn("start", "date").AsPrimaryKey();
        table.AddColumn("facet", "text").AsPrimaryKey();
        table.AddColumn("value", "text").AsPrimaryKey();
        table.AddColumn("talents", "integer").NotNull();
        yield return table;
    }

    /// <summary>
    /// A trigger created with its function (and, when given, a statement run once after). Weasel decides whether to make it
    /// again from the trigger's definition, which PostgreSQL reads back exactly; a function compared by its text would be
    /// replaced at every start and, dropped with its trigger, leave the table without one. A changed function body takes a
    /// new function name, so that its trigger reads differently and is made again.
    /// </summary>
    private sealed class TriggerWithFunction(DbObjectName name, DbObjectName target, string call, string function, string? then = null)
        : Trigger(name, target, call)
    {
        public override void WriteCreateStatement(Migrator migrator, TextWriter writer)
        {
            writer.WriteLine(function);
            base.WriteCreateStatement(migrator, writer);
            if (then is not null) writer.WriteLine(then);
        }
    }

    /// <summary>The counts' table; when it is created, it is filled from the documents already there.</summary>
    private sealed class CountsTable(DbObjectName name, string fill) : Table(name)
    {
        public override void WriteCreateStatement(Migrator migrator, TextWriter writer)
        {
            base.WriteCreateStatement(migrator, writer);
            writer.WriteLine(fill);
        }
    }

    public static string ScopeName(ConsentScope scope) => scope == ConsentScope.Partners ? "partners" : "municipalities";
}
