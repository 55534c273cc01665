using Marten;
using Weasel.Core;
using Weasel.Core.Migrations;
using Weasel.Postgresql;
using Weasel.Postgresql.Functions;
using Weasel.Postgresql.Tables;
using Weasel.Postgresql.Triggers;

namespace TalentPool.Talents;

/// <summary>
/// The shared base ordered <i>within</i> each filter value: one row per (filter token, talent) — <c>competenceArea:Nursing</c>,
/// <c>preferredMunicipality:3403</c>, <c>country:IN</c>, <c>language:en</c>, <c>education:Master</c> — holding every column a
/// search condition reads, under one B-tree <c>(token, id, tenant_id)</c> that includes them all. A filtered search walks the
/// talents of one of its values newest-first, from this index alone, and stops at its limit: its page and its facets pass the
/// talents <i>of that value</i> until enough match, not the whole base (at 1M talents a competence area's phrase search passed
/// 82,700 entries of the shared base's covering index for 1,001 matches, 8,672 here; README "Shared-talent search at scale").
/// </summary>
/// <remarks>
/// <para>Kept by a trigger on the shared base's table, in the statement that writes the document — registration, profile change,
/// consents, other regions' consent, withdrawal, erasure (the rows go with the document), a region moved (its documents copied in
/// and deleted out) — so they never disagree with the documents and a search reads its own writes. A rebuild that writes the
/// documents in bulk drops the triggers (<see cref="DropTriggersSql"/>); making them again refills the rows from the documents in
/// one statement, as a table created beside existing documents is filled (<see cref="RefillSql"/>).</para>
/// <para>Not every token has rows: the "+1" (two values, each a quarter or more of the base: the whole-base walk passes at most a few
/// talents per match) and other regions' visibility (a condition, never what is walked). The rows copy the columns of the document
/// the conditions read, named alike, so <see cref="SharedTalentSearch.Conditions"/> read either table as <c>d</c>.</para>
/// </remarks>
public sealed class SharedTalentProbes(StoreOptions options) : FeatureSchemaBase("shared_talent_probes", options.Advanced.Migrator)
{
    public const string TableName = "mt_shared_talent_probes";
    public const string WalkIndex = "mt_shared_talent_probes_walk";
    private const string KeepFunction = "mt_shared_talent_keep_probes_v1";
    private const string ClearFunction = "mt_shared_talent_clear_probes_v1";

    /// <summary>The facets whose tokens have rows, in the order a filter's value to walk is picked: the usually rarest first.</summary>
    public static readonly string[] WalkedFacets =
    [
        SharedTalentFacets.CompetenceAreaFacet, SharedTalentFacets.PreferredMunicipalityFacet, SharedTalentFacets.CountryFacet,
        SharedTalentFacets.LanguageFacet, SharedTalentFacets.EducationFacet,
    ];

    /// <summary>The columns copied from the document (named as there), the tenant and the id in the index's key.</summary>
    private static readonly (string Name, string Type)[] Copied =
    [
        ("tenant_id", "varchar"), ("id", "uuid"), ("shared_with_partners_since", "timestamp with time zone"),
        ("shared_with_municipalities_since", "timestamp with time zone"), ("registered_at", "timestamp with time zone"),
        ("profileyears_of_experience", "integer"), ("filter_tokens", "text[]"), ("search_vector", "tsvector"),
    ];

    private static readonly string ColumnList = string.Join(", ", Copied.Select(c => c.Name));

    /// <summary>
    /// The token a search with these equality filters walks (the first of <see cref="WalkedFacets"/> among them), or null: then
    /// the shared base's own covering index is walked. Any of the filter's tokens gives the same matches in the same order (each
    /// is a condition the matches meet anyway); the choice only decides how many talents are passed to find them.
    /// </summary>
    /// <param name="frequencies">The share of the rows each frequent token has, as PostgreSQL's statistics know them
    /// (<see cref="SharedTalentProbeStatistics"/>): the rarest token is walked, one they do not list being rarer than any they do.
    /// Without statistics (a new database), the first of <see cref="WalkedFacets"/>.</param>
    public static string? WalkToken(IEnumerable<string> tokens, IReadOnlyDictionary<string, double>? frequencies = null) =>
        tokens.Select(token => (Token: token, Rank: Array.IndexOf(WalkedFacets, FacetOf(token))))
            .Where(t => t.Rank >= 0)
            .OrderBy(t => frequencies is null || frequencies.Count == 0 ? 0 : frequencies.GetValueOrDefault(t.Token))
            .ThenBy(t => t.Rank).Select(t => t.Token).FirstOrDefault();

    private static string FacetOf(string token) => token.Split(':', 2)[0];

    /// <summary>The probe table as SQL names it.</summary>
    public static string Table(string schema) => $"{schema}.{TableName}";

    private string Schema => options.DatabaseSchemaName;
    private DbObjectName Named(string name) => PostgresqlProvider.Instance.Parse($"{Schema}.{name}");

    public override IEnumerable<Type> DependentTypes() => [typeof(SharedTalent)];

    /// <summary>The SQL condition "this token has rows" over a token expression.</summary>
    private static string Walked(string token) =>
        $"split_part({token}, ':', 1) in ({string.Join(", ", WalkedFacets.Select(f => $"'{f}'"))})";

    /// <summary>The rows of every document of <paramref name="documentTable"/>: what the trigger keeps, made in one statement.</summary>
    /// <remarks>
    /// Each document's own tokens made distinct (a talent is one document, so its rows differ by token alone): the same rows as
    /// a <c>distinct</c> over all of them, without sorting every row with its <c>tsvector</c> (half the refill's time).
    /// </remarks>
    public static string RowsOfDocumentsSql(string documentTable) => $"""
        select t.token, {string.Join(", ", Copied.Select(c => $"d.{c.Name}"))}
        from {documentTable} as d,
            lateral (select distinct token from unnest(d.filter_tokens) as token where {Walked("token")}) as t
        """;

    /// <summary>
    /// The rows made again from the documents (a table created beside existing talents, the end of a bulk rebuild, the pre-tenancy
    /// migration): the index dropped and built once over the rows, far cheaper than millions of entries added one by one.
    /// </summary>
    public static string RefillSql(string schema, string documentTable) => $"""
        truncate {Table(schema)};
        drop index if exists {schema}.{WalkIndex};
        insert into {Table(schema)} (token, {ColumnList}) {RowsOfDocumentsSql(documentTable)};
        {WalkIndexSql(schema)};
        analyze {Table(schema)};
        """;

    private static string WalkIndexSql(string schema) =>
        $"CREATE UNIQUE INDEX {WalkIndex} ON {Table(schema)} USING btree (token, id, tenant_id) " +
        $"INCLUDE ({string.Join(", ", Copied.Skip(2).Select(c => c.Name))})";

    /// <summary>For a rebuild writing every document afresh: the triggers go, and the insert trigger's creation refills the rows.</summary>
    public static string DropTriggersSql(string schema) =>
        string.Join('\n', Triggers.Select(trigger => $"drop trigger if exists {trigger} on {schema}.mt_doc_shared_talent;"));

    private static readonly string[] Triggers =
        ["mt_shared_talent_probes_inserted", "mt_shared_talent_probes_updated", "mt_shared_talent_probes_deleted"];

    protected override IEnumerable<ISchemaObject> schemaObjects()
    {
        var target = Named("mt_doc_shared_talent");
        var table = Table(Schema);
        var changed = string.Join(" or ", Copied.Select(c => $"old.{c.Name} is distinct from new.{c.Name}"));
        // Delete the old rows through the walk index (a token and the talent), insert the new: an update that changes nothing the
        // rows hold (the name, the e-mail, the "about"'s words but not their tsvector…) writes nothing here.
        var keep = $"""
            create or replace function {Schema}.{KeepFunction}() returns trigger language plpgsql as $$
            begin
                if tg_op = 'UPDATE' and not ({changed}) then return null; end if;
                if tg_op <> 'INSERT' then
                    delete from {table} as p where p.token = any(old.filter_tokens) and p.id = old.id and p.tenant_id = old.tenant_id;
                end if;
                if tg_op <> 'DELETE' then
                    insert into {table} (token, {ColumnList})
                    select distinct t.token, {string.Join(", ", Copied.Select(c => $"new.{c.Name}"))}
                    from unnest(new.filter_tokens) as t(token) where {Walked("t.token")};
                end if;
                return null;
            end $$;
            """;
        // One trigger per event (PostgreSQL reads a trigger's events back in an order of its own; see SharedTalentFacetCounts).
        foreach (var (name, happening, then) in new[]
                 {
                     (Triggers[0], TriggerEvents.Insert, $"do $refill$ begin if to_regclass('{table}') is not null then {RefillSql(Schema, target.QualifiedName)} end if; end $refill$;"),
                     (Triggers[1], TriggerEvents.Update, null), (Triggers[2], TriggerEvents.Delete, null),
                 })
        {
            yield return new TriggerWithFunction(Named(name), target, $"{Schema}.{KeepFunction}()", keep, then)
                { Timing = TriggerTiming.After, Events = happening, ForEachRow = true };
        }
        yield return new TriggerWithFunction(Named("mt_shared_talent_probes_cleared"), target, $"{Schema}.{ClearFunction}()", $"""
            create or replace function {Schema}.{ClearFunction}() returns trigger language plpgsql as $$
            begin
                truncate {table};
                return null;
            end $$;
            """) { Timing = TriggerTiming.After, Events = TriggerEvents.Truncate, ForEachRow = false };

        // Last, after the triggers (a write racing the migration fails rather than going unprobed): a table created on a database
        // that already holds talents starts with their rows.
        var probes = new FilledTable(Named(TableName), RefillSql(Schema, target.QualifiedName));
        probes.AddColumn("token", "text").NotNull();
        foreach (var (name, type) in Copied)
        {
            var column = probes.AddColumn(name, type);
            if (name is "tenant_id" or "id") column.NotNull();
        }
        probes.Indexes.Add(new IndexDefinition(WalkIndex)
        {
            Columns = ["token", "id", "tenant_id"], IsUnique = true, IncludeColumns = [.. Copied.Skip(2).Select(c => c.Name)],
        });
        yield return probes;
    }

    /// <summary>A trigger created with its function (and, when given, a statement run once after): see SharedTalentFacetCounts.</summary>
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

    /// <summary>The probe table; when it is created, it is filled from the documents already there.</summary>
    private sealed class FilledTable(DbObjectName name, string fill) : Table(name)
    {
        public override void WriteCreateStatement(Migrator migrator, TextWriter writer)
        {
            base.WriteCreateStatement(migrator, writer);
            writer.WriteLine(fill);
        }
    }
}
