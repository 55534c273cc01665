using Marten;
using Weasel.Core;
using Weasel.Core.Migrations;
using Weasel.Postgresql;
using TalentPool.Hosting;
using Weasel.Postgresql.Tables;
using Weasel.Postgresql.Triggers;

namespace TalentPool.Talents;

/// <summary>
/// The facet counts of the whole shared base, kept by PostgreSQL beside the documents: how many talents have each facet
/// value, per consent scope and per day (UTC) on which that consent was given, and again per month. A trigger on the shared
/// base's table notes each document change that moves the counts in the same statement as the document (registration,
/// profile change, consent, withdrawal, erasure, rebuild, bulk load), and readers read the counts with the changes not folded
/// into them yet (<see cref="TableName"/>, a view), so they never disagree with the documents and cost no round trip. A search
/// with no filter but the consent sums the months after the month its consent validity starts in, the days of that month
/// after the day it starts on, and counts that one day exactly from the documents (<see cref="SharedTalentSearch"/>): time
/// alone still moves the answer, with nothing written.
/// </summary>
/// <remarks>
/// The same feature makes the stored <c>tsvector</c> free text reads (<see cref="SharedTalent.SearchVector"/>): a database
/// object the documents' table needs beside the ones Marten makes. The counts are a cache of the documents, so they hold
/// nothing a document does not: no one is named. A talent counts once per value of each facet it has, plus once in the
/// <see cref="SharedTalentFacets.TalentFacet"/> row (how many talents). A document change writes one row of its facet
/// columns into <see cref="ChangesTableName"/> (-1 before, +1 after); <see cref="SharedTalentFacetFolding"/> moves them into
/// <see cref="CountedTableName"/> four times a second, one upsert per count row however many changes moved it. Before, each
/// registration upserted its 20-40 count rows itself (a row lock and a new row version each: half of its write-ahead log),
/// in one of 32 slots per count so that writers at once did not wait on each other's rows (README "The write path"). The
/// slot column stays: the fold and a recount write slot 0.
/// </remarks>
public sealed class SharedTalentFacetCounts(StoreOptions options)
    : FeatureSchemaBase("shared_talent_facet_counts", options.Advanced.Migrator)
{
    // v3: per region (tenant) since regions became tenants, and a slot column (v2); both in the primary key, so a new table
    // (created and filled from the documents at the first start) rather than a primary key changed in place. The older
    // tables (v1, v2, by_region) are left unused and can be dropped.
    public const string CountedTableName = "mt_shared_talent_facet_counts_v3";

    /// <summary>
    /// What readers read (a view): the folded counts (<see cref="CountedTableName"/>) and the changes not folded yet
    /// (<see cref="ChangesTableName"/>), each change made into its count rows as it is read. Summed by the reader, as the slots were.
    /// </summary>
    public const string TableName = "mt_shared_talent_facet_counts_v4";

    /// <summary>One row per document change that moves the counts (-1 for the document before, +1 after), its facet columns as the document's.</summary>
    public const string ChangesTableName = "mt_shared_talent_facet_changes";
    // v2 values: the talents with either consent (EitherScope). v5 counting: a document change writes one row into the changes
    // table instead of changing 20-40 count rows (README "The write path"), its rows read with the either scope. A changed
    // function takes a new name, so the triggers read differently, are made again, and the insert trigger's creation recounts.
    private const string ValuesFunction = "mt_shared_talent_facet_values_v2";
    private const string CountFunction = "mt_shared_talent_count_facets_v5";
    private const string ClearFunction = "mt_shared_talent_clear_facets_v4";
    private const string SearchVectorFunction = "mt_shared_talent_search_vector";
    public const string FillFilterTokensFunction = "mt_shared_talent_fill_filter_tokens";

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

    /// <summary>The advisory lock one fold holds (the two-integer form, apart from Marten's and Wolverine's own locks).</summary>
    private const int FoldLockClass = 0x54504643; // "TPFC"

    /// <summary>
    /// Moves the changes written so far into the counts, one upsert per count row they change (however many changes there
    /// were), in one statement: a reader sees each change once, before or after. One fold at a time per database (a
    /// transaction-scoped advisory lock): a change another fold took meanwhile is skipped by the delete, never counted twice.
    /// </summary>
    public static string FoldSql(string schema) => $"""
        with folding as (select pg_advisory_xact_lock({FoldLockClass}, 0)),
        moved as (delete from {schema}.{ChangesTableName} where exists (select from folding) returning *)
        insert into {schema}.{CountedTableName} as c (tenant_id, scope, span, start, facet, value, slot, talents)
        select {CountRowsOfChanges("moved", "0", "sum(changes.talents)::int")}
        group by 1, 2, 3, 4, 5, 6 having sum(changes.talents) <> 0 order by 1, 2, 3, 4, 5, 6
        on conflict (tenant_id, scope, span, start, facet, value, slot) do update set talents = c.talents + excluded.talents;
        """;

    /// <summary>
    /// The count rows of change rows (from <paramref name="changes"/>): each facet value once per consent scope given, in its
    /// day and in its month. Unnesting arrays, no function call per change: readers make the changes not folded yet into rows.
    /// </summary>
    private static string CountRowsOfChanges(string changes, string slot, string talents) => $"""
        changes.tenant_id, consent.scope, span.span,
            case span.span when '{Day}' then consent.day else date_trunc('month', consent.day)::date end, facet.facet, facet.value,
            {slot}, {talents}
        from {changes} as changes
            cross join lateral (values ('{ScopeName(ConsentScope.Partners)}', changes.partners_day),
                ('{ScopeName(ConsentScope.Municipalities)}', changes.municipalities_day),
                ('{EitherScope}', greatest(changes.partners_day, changes.municipalities_day))) as consent(scope, day)
            cross join (values ('{Day}'), ('{Month}')) as span(span)
            cross join lateral unnest(changes.facets, changes.facet_values) as facet(facet, value)
        where consent.day is not null and (consent.scope <> '{EitherScope}' or facet.facet = '{SharedTalentFacets.TalentFacet}')
        """;

    /// <summary>
    /// The change row of a document's facet columns (<paramref name="d"/>: <c>old</c> or <c>new</c>): its consent days and
    /// every facet value it counts under, the same as <see cref="ValuesOf"/> gives per scope (a test holds the counts made from
    /// these rows equal to counting the documents).
    /// </summary>
    private static string ChangeRowSql(string schema, string d, int talents) => $"""
        insert into {schema}.{ChangesTableName} (tenant_id, talents, partners_day, municipalities_day, facets, facet_values)
            select {d}.tenant_id, {talents}, ({d}.shared_with_partners_since at time zone 'UTC')::date,
                ({d}.shared_with_municipalities_since at time zone 'UTC')::date, array_agg(v.facet), array_agg(v.value)
            from (select '{SharedTalentFacets.TalentFacet}', ''
                  union all select '{SharedTalentFacets.CompetenceAreaFacet}', unnest({d}.profilecompetence_areas)
                  union all select '{SharedTalentFacets.LanguageFacet}', unnest({d}.profilelanguages)
                  union all select '{SharedTalentFacets.PreferredMunicipalityFacet}', unnest({d}.profilepreferred_municipalities)
                  union all select '{SharedTalentFacets.CountryFacet}', {d}.profilecountry_of_residence
                  union all select '{SharedTalentFacets.EducationFacet}', {d}.profileeducation_level) as v(facet, value)
            where v.value is not null;
        """;

    /// <summary>Every count made from the documents: what the kept counts, summed over their slots, must equal.</summary>
    public static string CountedFromDocumentsSql(string schema, string documentTable) => $"""
        select counted.tenant_id, scope, span, start, facet, value, count(*)::int as talents
        from {documentTable} as d, lateral ({InSpans(schema, "d")}) as counted
        group by 1, 2, 3, 4, 5, 6
        """;

    /// <summary>
    /// The counts made again from the documents (a repair, how a table created beside existing talents starts, and the end of a
    /// rebuild): what <see cref="CountedFromDocumentsSql"/> counts, the days counted from the documents and the months summed
    /// from the days — half the rows to group, which is most of the time a million talents take.
    /// </summary>
    public static string RecountSql(string schema, string documentTable) => $"""
        truncate {schema}.{CountedTableName}, {schema}.{ChangesTableName};
        insert into {schema}.{CountedTableName} (tenant_id, scope, span, start, facet, value, slot, talents)
        with days as (
            select d.tenant_id, v.scope, v.consent_day as start, v.facet, v.value, count(*)::int as talents
            from {documentTable} as d, lateral {ValuesOf(schema, "d")} as v
            group by 1, 2, 3, 4, 5)
        select tenant_id, scope, '{Day}', start, facet, value, 0, talents from days
        union all
        select tenant_id, scope, '{Month}', date_trunc('month', start)::date, facet, value, 0, sum(talents)::int from days group by 1, 2, 4, 5, 6;
        """;

    protected override IEnumerable<ISchemaObject> schemaObjects()
    {
        yield return new FunctionByName(Named(ValuesFunction), $"""
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
                union all
                select '{EitherScope}', (greatest(partners_since, municipalities_since) at time zone 'UTC')::date, '{SharedTalentFacets.TalentFacet}', ''
                where coalesce(partners_since, municipalities_since) is not null
            $$;
            """);

        // The shared base's table, as Marten names it after the document alias (SharedTalentConfiguration).
        var target = Named("mt_doc_shared_talent");

        // One row per document change, not one per count it moves: a registration changed 20-40 count rows (each an upsert:
        // a row lock and a new row version, half of its write-ahead log), now it inserts one row that no other writer
        // touches. FoldSql moves the rows into the counts; readers add the rows not folded yet (the view, TableName).
        // A change that moves no count (the profile's text, the other regions' consent) writes nothing.
        var facetColumns = new[]
        {
            "shared_with_partners_since", "shared_with_municipalities_since", "profilecompetence_areas", "profilelanguages",
            "profilepreferred_municipalities", "profilecountry_of_residence", "profileeducation_level",
        };
        var countFacets = $"""
            create or replace function {Schema}.{CountFunction}() returns trigger language plpgsql as $$
            begin
                if tg_op = 'UPDATE' and (old.tenant_id, {string.Join(", ", facetColumns.Select(c => $"old.{c}"))})
                    is not distinct from (new.tenant_id, {string.Join(", ", facetColumns.Select(c => $"new.{c}"))}) then
                    return null;
                end if;
                if tg_op <> 'INSERT' then {ChangeRowSql(Schema, "old", -1)} end if;
                if tg_op <> 'DELETE' then {ChangeRowSql(Schema, "new", 1)} end if;
                return null;
            end $$;
            """;
        // One trigger per event: PostgreSQL renders a trigger's events in an order of its own, and a trigger that does not
        // read back as written would be made again at every start.
        // The insert trigger, made after a rebuild wrote the documents without it (Hosting/Rebuilding), counts them all first.
        foreach (var (name, happening, then) in new[]
                 {
                     (CountingTriggers[0], TriggerEvents.Insert, RecountIfCountingSql(target.QualifiedName)),
                     (CountingTriggers[1], TriggerEvents.Update, null), (CountingTriggers[2], TriggerEvents.Delete, null),
                 })
        {
            yield return new TriggerWithFunction(Named(name), target, $"{Schema}.{CountFunction}()", countFacets, then)
                { Timing = TriggerTiming.After, Events = happening, ForEachRow = true };
        }
        yield return new TriggerWithFunction(Named("mt_shared_talent_clears_facets"), target, $"{Schema}.{ClearFunction}()", $"""
            create or replace function {Schema}.{ClearFunction}() returns trigger language plpgsql as $$
            begin
                truncate {Schema}.{CountedTableName}, {Schema}.{ChangesTableName};
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

        // The changes not folded yet (no key: a writer only inserts, a fold takes them all). Before the counts' table, whose
        // fill (a recount) empties it.
        var changes = new Table(Named(ChangesTableName));
        changes.AddColumn("tenant_id", "text").NotNull();
        changes.AddColumn("talents", "smallint").NotNull();
        changes.AddColumn("partners_day", "date");
        changes.AddColumn("municipalities_day", "date");
        changes.AddColumn("facets", "text[]").NotNull();
        changes.AddColumn("facet_values", "text[]").NotNull();
        yield return changes;

        // A table created on a database that already holds talents starts with their counts. The triggers come first, so a
        // write racing the migration fails (no table yet) rather than going uncounted.
        var table = new CountsTable(Named(CountedTableName), RecountSql(Schema, $"{Schema}.mt_doc_shared_talent"));
        table.AddColumn("tenant_id", "text").AsPrimaryKey();
        table.AddColumn("scope", "text").AsPrimaryKey();
        table.AddColumn("span", "text").AsPrimaryKey();
        table.AddColumn("start", "date").AsPrimaryKey();
        table.AddColumn("facet", "text").AsPrimaryKey();
        table.AddColumn("value", "text").AsPrimaryKey();
        table.AddColumn("slot", "smallint").AsPrimaryKey();
        table.AddColumn("talents", "integer").NotNull();
        yield return table;

        // What readers read: the counts and the changes not folded yet, made with a function of its name (a view changed takes
        // new names for both), after both tables.
        yield return new FunctionByName(Named($"{TableName}_made"), $"""
            create or replace function {Schema}.{TableName}_made() returns void language plpgsql as $$ begin end $$;
            """, $"""
            create or replace view {Schema}.{TableName} as
            select tenant_id, scope, span, start, facet, value, slot, talents from {Schema}.{CountedTableName}
            union all
            select {CountRowsOfChanges($"{Schema}.{ChangesTableName}", "(-1)::smallint", "changes.talents::int")};
            """);

        // The filters' tokens (SharedTalent.FilterTokens) are written by Marten from the document; documents written before the
        // column existed get theirs from their own columns when this function is first made (a test holds both equal). Marten
        // fills a new column from the JSON, where the tokens are not (an empty list): every document has a country token.
        // After the counts' table: the fill's update fires the counting trigger, which needs the table.
        yield return new FunctionByName(Named(FillFilterTokensFunction), $"""
            create or replace function {Schema}.{FillFilterTokensFunction}() returns void language sql as $$
                update {target} set filter_tokens =
                    array(select '{SharedTalentFacets.CompetenceAreaFacet}:' || v from unnest(profilecompetence_areas) as v)
                    || array(select '{SharedTalentFacets.LanguageFacet}:' || v from unnest(profilelanguages) as v)
                    || array(select '{SharedTalentFacets.PreferredMunicipalityFacet}:' || v from unnest(profilepreferred_municipalities) as v)
                    || array['{SharedTalentFacets.CountryFacet}:' || profilecountry_of_residence, '{SharedTalentFacets.EducationFacet}:' || profileeducation_level,
                        '{SharedTalentSearch.PlusOneFilter}:' || (jsonb_typeof(data -> 'profile' -> 'accompanyingPartner') = 'object')::text]
                where coalesce(cardinality(filter_tokens), 0) = 0;
            $$;
            """, $"select {Schema}.{FillFilterTokensFunction}();");
    }

    /// <summary>
    /// A trigger created with its function (and, when given, a statement run once after). Weasel decides whether to make it
    /// again from the trigger's definition, which PostgreSQL reads back exactly; a function compared by its text would be
    /// replaced at every start and, dropped with its trigger, leave the table without one. A changed function body takes a
    /// new function name, so that its trigger reads differently and is made again.
    /// </summary>
    internal sealed class TriggerWithFunction(DbObjectName name, DbObjectName target, string call, string function, string? then = null)
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
    internal sealed class CountsTable(DbObjectName name, string fill) : Table(name)
    {
        public override void WriteCreateStatement(Migrator migrator, TextWriter writer)
        {
            base.WriteCreateStatement(migrator, writer);
            writer.WriteLine(fill);
        }
    }

    /// <summary>The recount, unless the counts' table is not there yet (a new database: it is made after the triggers, and filled then).</summary>
    private string RecountIfCountingSql(string documentTable) =>
        $"do $recount$ begin if to_regclass('{Schema}.{CountedTableName}') is not null and to_regclass('{Schema}.{ChangesTableName}') is not null "
        + $"then {RecountSql(Schema, documentTable)} end if; end $recount$;";

    /// <summary>The triggers that count each document change, the insert trigger first.</summary>
    private static readonly string[] CountingTriggers =
        ["mt_shared_talent_counts_facets_inserted", "mt_shared_talent_counts_facets_updated", "mt_shared_talent_counts_facets_deleted"];

    /// <summary>
    /// For a rebuild that writes every document afresh (Hosting/Rebuilding): no counting row by row. Applying the schema makes
    /// the triggers again, and the insert trigger's creation counts the documents in one statement (<see cref="RecountSql"/>).
    /// </summary>
    public static string DropCountingTriggersSql(string schema) =>
        string.Join('\n', CountingTriggers.Select(trigger => $"drop trigger if exists {trigger} on {schema}.mt_doc_shared_talent;"));

    /// <summary>
    /// The talents sharing with partners or with municipalities, counted once (the talent facet alone) on the day of the later
    /// of the two consents: a talent's consent is in force under a region's validity when either is, that is when the later
    /// one is (the region's goals, <c>Metrics/RegionGoalsFacts.cs</c>). Two rows per talent version beside the two scopes'.
    /// </summary>
    public const string EitherScope = "either";

    public static string ScopeName(ConsentScope scope) => scope == ConsentScope.Partners ? "partners" : "municipalities";
}
